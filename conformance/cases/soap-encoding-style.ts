import type { ConformanceCase } from '../model/case.ts';

export const soapEncodingStyle: ConformanceCase = {
  id: 'soap-encoding-style',
  title: 'encodingStyle on the Body refused',
  description: 'An encodingStyle attribute on the Body is refused with a Sender fault.',
  requirements: ['SKSML-BIND-6'],
  requests: [{ build: 'newKeyRequest', mutate: ['envelope:encoding-style-on-body'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
