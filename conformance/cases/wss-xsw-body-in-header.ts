import type { ConformanceCase } from '../model/case.ts';

export const wssXswBodyInHeader: ConformanceCase = {
  id: 'wss-xsw-body-in-header',
  title: 'Signature wrapping: signed Body moved to a header',
  description: 'The signed Body is moved into a header wrapper and an unsigned Body asks for another key.',
  requirements: ['SKSML-WSS-19', 'SKSML-SRV-37', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'xsw-body-moved-to-header-wrapper' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
