import type { ConformanceCase } from '../model/case.ts';

export const requestWrongNamespace: ConformanceCase = {
  id: 'request-wrong-namespace',
  title: 'Request element in another namespace refused',
  description: 'A GlobalKeyID in a foreign namespace is refused.',
  requirements: ['SKSML-MSG-1', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', mutate: ['msg:wrong-namespace@1'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
