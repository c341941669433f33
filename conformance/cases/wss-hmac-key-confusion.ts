import type { ConformanceCase } from '../model/case.ts';

export const wssHmacKeyConfusion: ConformanceCase = {
  id: 'wss-hmac-key-confusion',
  title: 'HMAC keyed with the public key refused',
  description: 'HMAC-SHA1 keyed with the signer certificate public key.',
  requirements: ['SKSML-WSS-13', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'hmac-with-public-key-secret' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedAlgorithm' },
  },
};
