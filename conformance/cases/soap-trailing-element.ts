import type { ConformanceCase } from '../model/case.ts';

export const soapTrailingElement: ConformanceCase = {
  id: 'soap-trailing-element',
  title: 'Element after the Body refused',
  description: 'An element after the Body is refused with a Sender fault.',
  requirements: ['SKSML-BIND-3'],
  requests: [{ build: 'newKeyRequest', mutate: ['envelope:trailing-element'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
