import type { ConformanceCase } from '../model/case.ts';

export const soapUnknownAction: ConformanceCase = {
  id: 'soap-unknown-action',
  title: 'Unknown action refused',
  description:
    'A request announced with an action that is no SKSML request action is refused with a Sender fault.',
  requirements: ['SKSML-BIND-16'],
  requests: [{ build: 'newKeyRequest', mutate: ['http:unknown-action'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'Sender' } },
};
