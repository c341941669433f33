import type { ConformanceCase } from '../model/case.ts';

export const httpOversizeBody: ConformanceCase = {
  id: 'http-oversize-body',
  title: 'Oversize body refused',
  description: 'A body over the 1 MiB intake limit is answered with 413.',
  requirements: ['SKSML-BIND-24'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:oversize-body'] }],
  expect: { outcome: 'reject', phase: 'transport', httpStatus: 413 },
};
