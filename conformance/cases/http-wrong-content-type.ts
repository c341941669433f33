import type { ConformanceCase } from '../model/case.ts';

export const httpWrongContentType: ConformanceCase = {
  id: 'http-wrong-content-type',
  title: 'Wrong media type refused',
  description: 'A signed request sent as text/plain is answered with 415.',
  requirements: ['SKSML-BIND-12'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:content-type-text-plain'] }],
  expect: { outcome: 'reject', phase: 'transport', httpStatus: 415 },
};
