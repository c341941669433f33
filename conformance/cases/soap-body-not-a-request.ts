import type { ConformanceCase } from '../model/case.ts';

export const soapBodyNotARequest: ConformanceCase = {
  id: 'soap-body-not-a-request',
  title: 'A response sent as a request is refused',
  description: 'A signed envelope whose Body holds a SymkeyResponse is refused with a Sender fault.',
  requirements: ['SKSML-BIND-19'],
  requests: [{ build: 'symkeyResponse' }],
  expect: { outcome: 'reject', phase: ['binding', 'validation'], fault: { code: 'Sender' } },
};
