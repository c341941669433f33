import type { ConformanceCase } from '../model/case.ts';

export const wssC14nWithComments: ConformanceCase = {
  id: 'wss-c14n-with-comments',
  title: 'c14n with comments refused',
  description: 'SignedInfo canonicalized with exc-c14n#WithComments.',
  requirements: ['SKSML-WSS-12', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'exc-c14n-with-comments-signed-info' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedAlgorithm' },
  },
};
