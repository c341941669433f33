import type { ConformanceCase } from '../model/case.ts';

export const wssXswBodyInSecurity: ConformanceCase = {
  id: 'wss-xsw-body-in-security',
  title: 'Signature wrapping inside wsse:Security',
  description: 'The signed Body is hidden inside the Security header.',
  requirements: ['SKSML-WSS-4', 'SKSML-WSS-19', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'xsw-body-moved-into-security-header' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
