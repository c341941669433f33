import type { ConformanceCase } from '../model/case.ts';

export const kcpRequestWithChild: ConformanceCase = {
  id: 'kcp-request-with-child',
  title: 'KeyCachePolicyRequest with content refused',
  description: 'A KeyCachePolicyRequest with a child element is refused.',
  requirements: ['SKSML-MSG-31', 'SKSML-SRV-104'],
  requests: [{ build: 'kcpRequest', mutate: ['payload:kcp-with-child'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
