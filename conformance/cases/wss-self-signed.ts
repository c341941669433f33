import type { ConformanceCase } from '../model/case.ts';

export const wssSelfSigned: ConformanceCase = {
  id: 'wss-self-signed',
  title: 'Self-signed certificate refused',
  description: 'A valid signature by a self-signed certificate.',
  requirements: ['SKSML-WSS-7', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'self-signed-certificate' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:FailedAuthentication' },
  },
};
