import type { ConformanceCase } from '../model/case.ts';

export const soapInvalidMustUnderstand: ConformanceCase = {
  id: 'soap-invalid-must-understand',
  title: 'Invalid mustUnderstand value refused',
  description: 'mustUnderstand="yes" is refused with a Sender fault.',
  requirements: ['SKSML-BIND-8'],
  requests: [{ build: 'newKeyRequest', mutate: ['envelope:invalid-must-understand-value'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'Sender' } },
};
