import type { ConformanceCase } from '../model/case.ts';

export const requestTwoPartGlobalKeyId: ConformanceCase = {
  id: 'request-two-part-global-key-id',
  title: 'Malformed GlobalKeyID refused',
  description: 'A GlobalKeyID with two parts is refused.',
  requirements: ['SKSML-MSG-5', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', mutate: ['payload:two-part-global-key-id'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
