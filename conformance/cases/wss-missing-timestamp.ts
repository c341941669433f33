import type { ConformanceCase } from '../model/case.ts';

export const wssMissingTimestamp: ConformanceCase = {
  id: 'wss-missing-timestamp',
  title: 'Missing Timestamp refused',
  description: 'No wsu:Timestamp.',
  requirements: ['SKSML-WSS-4', 'SKSML-WSS-8', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'missing-timestamp' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
