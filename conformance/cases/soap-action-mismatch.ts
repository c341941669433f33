import type { ConformanceCase } from '../model/case.ts';

export const soapActionMismatch: ConformanceCase = {
  id: 'soap-action-mismatch',
  title: 'Action that contradicts the Body refused',
  description:
    'A SymkeyRequest announced with the KeyCachePolicyRequest action is refused with a Sender fault.',
  requirements: ['SKSML-BIND-16', 'SKSML-BIND-15'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:action-mismatch'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'Sender' } },
};
