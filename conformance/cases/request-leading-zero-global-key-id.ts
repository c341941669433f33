import type { ConformanceCase } from '../model/case.ts';

export const requestLeadingZeroGlobalKeyId: ConformanceCase = {
  id: 'request-leading-zero-global-key-id',
  title: 'GlobalKeyID with a leading zero refused',
  description: 'A GlobalKeyID written with a leading zero is refused.',
  requirements: ['SKSML-MSG-101', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', mutate: ['payload:leading-zero-global-key-id'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
