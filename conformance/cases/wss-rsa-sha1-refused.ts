import type { ConformanceCase } from '../model/case.ts';

export const wssRsaSha1Refused: ConformanceCase = {
  id: 'wss-rsa-sha1-refused',
  title: 'RSA-SHA1 signature refused',
  description: 'SignatureMethod RSA-SHA1 without a legacy arrangement.',
  requirements: ['SKSML-WSS-13', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'rsa-sha1-without-legacy-switch' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedAlgorithm' },
  },
};
