import type { ConformanceCase } from '../model/case.ts';

export const kcpResponseValid: ConformanceCase = {
  id: 'kcp-response-valid',
  title: 'KeyCachePolicy request',
  description:
    'A signed KeyCachePolicyRequest yields a signed, schema-valid KeyCachePolicyResponse with at most one policy per KeyClass.',
  requirements: ['SKSML-SRV-51', 'SKSML-SRV-36'],
  requests: [{ build: 'kcpRequest' }],
  expect: {
    outcome: 'accept',
    checks: [
      'response-http-200',
      'response-signed-by-server',
      'response-schema-valid',
      'response-semantics-valid',
      'kcp-response-valid',
    ],
  },
};
