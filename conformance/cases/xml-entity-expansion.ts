import type { ConformanceCase } from '../model/case.ts';

export const xmlEntityExpansion: ConformanceCase = {
  id: 'xml-entity-expansion',
  title: 'Entity expansion refused',
  description: 'Nested internal entities (billion laughs) are refused with a Sender fault.',
  requirements: ['SKSML-BIND-25', 'SKSML-WSS-26'],
  requests: [{ build: 'newKeyRequest', mutate: ['xml:internal-entity-expansion'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
