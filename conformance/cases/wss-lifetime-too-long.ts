import type { ConformanceCase } from '../model/case.ts';

export const wssLifetimeTooLong: ConformanceCase = {
  id: 'wss-lifetime-too-long',
  title: 'Timestamp lifetime over 300 s refused',
  description: 'A one-day lifetime.',
  requirements: ['SKSML-WSS-10', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'lifetime-too-long' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
