import type { ConformanceCase } from '../model/case.ts';

export const wssTimestampOnlySigned: ConformanceCase = {
  id: 'wss-timestamp-only-signed',
  title: 'Unsigned Body refused',
  description: 'Only the Timestamp is signed.',
  requirements: ['SKSML-WSS-17', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'timestamp-only-signed' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
