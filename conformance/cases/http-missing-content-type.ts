import type { ConformanceCase } from '../model/case.ts';

export const httpMissingContentType: ConformanceCase = {
  id: 'http-missing-content-type',
  title: 'Missing media type refused',
  description: 'A signed request without Content-Type is answered with 415.',
  requirements: ['SKSML-BIND-12'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:no-content-type'] }],
  expect: { outcome: 'reject', phase: 'transport', httpStatus: 415 },
};
