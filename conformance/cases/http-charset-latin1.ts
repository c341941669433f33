import type { ConformanceCase } from '../model/case.ts';

export const httpCharsetLatin1: ConformanceCase = {
  id: 'http-charset-latin1',
  title: 'Charset other than UTF-8 refused',
  description: 'A request declaring charset=iso-8859-1 is answered with 415.',
  requirements: ['SKSML-BIND-13'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:charset-iso-8859-1'] }],
  expect: { outcome: 'reject', phase: 'transport', httpStatus: 415 },
};
