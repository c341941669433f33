import type { ConformanceCase } from '../model/case.ts';

export const wssTwoSecurityHeaders: ConformanceCase = {
  id: 'wss-two-security-headers',
  title: 'Two Security headers refused',
  description: 'Two wsse:Security header blocks.',
  requirements: ['SKSML-WSS-1', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'two-security-headers' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
