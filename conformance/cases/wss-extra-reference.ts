import type { ConformanceCase } from '../model/case.ts';

export const wssExtraReference: ConformanceCase = {
  id: 'wss-extra-reference',
  title: 'Reference to the token refused',
  description: 'SignedInfo references the token besides Body and Timestamp.',
  requirements: ['SKSML-WSS-17', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'extra-reference-to-token' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
