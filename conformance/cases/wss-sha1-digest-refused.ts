import type { ConformanceCase } from '../model/case.ts';

export const wssSha1DigestRefused: ConformanceCase = {
  id: 'wss-sha1-digest-refused',
  title: 'SHA-1 digest refused',
  description: 'DigestMethod SHA-1.',
  requirements: ['SKSML-WSS-14', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'sha1-digest' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedAlgorithm' },
  },
};
