import type { ConformanceCase } from '../model/case.ts';

export const xmlMalformed: ConformanceCase = {
  id: 'xml-malformed',
  title: 'Malformed XML refused',
  description: 'A request cut short (not well-formed) is refused with a Sender fault.',
  requirements: ['SKSML-BIND-25', 'SKSML-WSS-26'],
  requests: [{ build: 'newKeyRequest', mutate: ['xml:truncated'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
