import type { ConformanceCase } from '../model/case.ts';

export const wssSecurityNotMustUnderstand: ConformanceCase = {
  id: 'wss-security-not-must-understand',
  title: 'Security header without mustUnderstand refused',
  description: 'wsse:Security lacks mustUnderstand.',
  requirements: ['SKSML-WSS-2', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'security-without-must-understand' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
