import type { ConformanceCase } from '../model/case.ts';

export const xmlProcessingInstruction: ConformanceCase = {
  id: 'xml-processing-instruction',
  title: 'Processing instruction refused',
  description: 'A processing instruction in the Header is refused with a Sender fault.',
  requirements: ['SKSML-BIND-25'],
  requests: [{ build: 'newKeyRequest', mutate: ['xml:processing-instruction'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
