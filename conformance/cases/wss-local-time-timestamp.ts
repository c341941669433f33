import type { ConformanceCase } from '../model/case.ts';

export const wssLocalTimeTimestamp: ConformanceCase = {
  id: 'wss-local-time-timestamp',
  title: 'Timestamp without time zone refused',
  description: 'Created without Z.',
  requirements: ['SKSML-WSS-8', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'local-time-timestamp' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
