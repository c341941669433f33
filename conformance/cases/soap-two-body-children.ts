import type { ConformanceCase } from '../model/case.ts';

export const soapTwoBodyChildren: ConformanceCase = {
  id: 'soap-two-body-children',
  title: 'Two Body children refused',
  description: 'A second element in the Body is refused with a Sender fault.',
  requirements: ['SKSML-BIND-4'],
  requests: [{ build: 'newKeyRequest', mutate: ['envelope:two-body-children'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
