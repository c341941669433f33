import type { ConformanceCase } from '../model/case.ts';

export const wssStaleTimestamp: ConformanceCase = {
  id: 'wss-stale-timestamp',
  title: 'Stale Timestamp refused',
  description: 'A correctly signed message that expired 55 minutes ago.',
  requirements: ['SKSML-WSS-9', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'stale-timestamp' }],
  expect: { outcome: 'reject', phase: 'security', fault: { code: 'Sender', subcode: 'wsse:MessageExpired' } },
};
