import type { ConformanceCase } from '../model/case.ts';

export const wssXswForeignId: ConformanceCase = {
  id: 'wss-xsw-foreign-id',
  title: 'Signature wrapping through a foreign Id attribute',
  description: 'The replacing Body carries the signed Id in a foreign namespace.',
  requirements: ['SKSML-WSS-18', 'SKSML-WSS-16', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'xsw-foreign-namespace-id' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
