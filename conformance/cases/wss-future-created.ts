import type { ConformanceCase } from '../model/case.ts';

export const wssFutureCreated: ConformanceCase = {
  id: 'wss-future-created',
  title: 'Timestamp from the future refused',
  description: 'Created one hour ahead.',
  requirements: ['SKSML-WSS-9', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'far-future-created' }],
  expect: { outcome: 'reject', phase: 'security', fault: { code: 'Sender', subcode: 'wsse:MessageExpired' } },
};
