import type { ConformanceCase } from '../model/case.ts';

export const requestIdsAndPollMixed: ConformanceCase = {
  id: 'request-ids-and-poll-mixed',
  title: 'GlobalKeyID and SymkeyRequestID mixed refused',
  description: 'A SymkeyRequest with both choices is refused.',
  requirements: ['SKSML-MSG-2', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', mutate: ['payload:ids-and-poll-mixed'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
