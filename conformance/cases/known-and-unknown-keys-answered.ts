import type { ConformanceCase } from '../model/case.ts';

export const knownAndUnknownKeysAnswered: ConformanceCase = {
  id: 'known-and-unknown-keys-answered',
  title: 'Every requested key is answered once',
  description:
    'A request for one known and one unknown key answers each: the known one with its key or an error, the unknown one with a SymkeyError.',
  requirements: ['SKSML-SRV-45', 'SKSML-SRV-46', 'SKSML-SRV-102', 'SKSML-MSG-8'],
  requests: [
    { id: 'create', build: 'newKeyRequest' },
    { id: 'mixed', build: 'existingKeyRequest', globalKeyIds: [{ fromStep: 'create' }, { unknown: true }] },
  ],
  expect: {
    outcome: 'accept',
    checks: [
      'response-signed-by-server',
      'response-schema-valid',
      'response-semantics-valid',
      'each-item-answered',
      'known-items-served',
      'key-decrypts',
    ],
  },
};
