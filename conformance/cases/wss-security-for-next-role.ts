import type { ConformanceCase } from '../model/case.ts';

export const wssSecurityForNextRole: ConformanceCase = {
  id: 'wss-security-for-next-role',
  title: 'Security header for another role refused',
  description: 'wsse:Security targeted at the next role.',
  requirements: ['SKSML-WSS-3', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'security-for-next-role' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
