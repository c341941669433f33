import type { ConformanceCase } from '../model/case.ts';

export const otherClientsKeyRefused: ConformanceCase = {
  id: 'other-clients-key-refused',
  title: 'Another client cannot fetch a key',
  description:
    "A key created for client1 is refused to client2 (the profile's second client must not be entitled to client1's keys).",
  requirements: ['SKSML-SRV-41', 'SKSML-SRV-106'],
  profile: { requires: ['secondClient'] },
  requests: [
    { id: 'create', build: 'newKeyRequest' },
    { id: 'steal', build: 'existingKeyRequest', globalKeyIds: [{ fromStep: 'create' }], sign: 'client2' },
  ],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-UNAUTHORIZED' },
    checks: ['response-signed-by-server', 'symkey-error-for-item'],
  },
};
