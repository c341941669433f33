import type { ConformanceCase } from '../model/case.ts';

export const wssInclusiveC14nTransform: ConformanceCase = {
  id: 'wss-inclusive-c14n-transform',
  title: 'Inclusive c14n transform refused',
  description: 'A Reference transformed with inclusive c14n.',
  requirements: ['SKSML-WSS-15', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'inclusive-c14n-transform' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedAlgorithm' },
  },
};
