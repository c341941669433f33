import type { ConformanceCase } from '../model/case.ts';

export const pollUnknownRequestId: ConformanceCase = {
  id: 'poll-unknown-request-id',
  title: 'Poll of a request ID never issued',
  description:
    'Polling a SymkeyRequestID the target never issued is answered with SymkeyError SKS-UNKNOWN-REQUEST-ID naming the new-key sentinel of its domain.',
  requirements: ['SKSML-SRV-109', 'SKSML-SRV-45'],
  requests: [{ build: 'pollRequest' }],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-UNKNOWN-REQUEST-ID' },
    checks: ['response-signed-by-server', 'response-schema-valid', 'symkey-error-for-item'],
  },
};
