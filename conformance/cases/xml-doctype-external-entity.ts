import type { ConformanceCase } from '../model/case.ts';

export const xmlDoctypeExternalEntity: ConformanceCase = {
  id: 'xml-doctype-external-entity',
  title: 'DOCTYPE with an external entity refused',
  description:
    'A DOCTYPE declaring an external entity (XXE) is refused with a Sender fault, and no file content comes back.',
  requirements: ['SKSML-BIND-25', 'SKSML-WSS-26'],
  requests: [{ build: 'newKeyRequest', mutate: ['xml:doctype-external-entity'] }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
