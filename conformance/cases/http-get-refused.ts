import type { ConformanceCase } from '../model/case.ts';

export const httpGetRefused: ConformanceCase = {
  id: 'http-get-refused',
  title: 'GET refused',
  description: 'The endpoint answers GET with 405.',
  requirements: ['SKSML-BIND-10'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:method-get'] }],
  expect: { outcome: 'reject', phase: 'transport', httpStatus: 405 },
};
