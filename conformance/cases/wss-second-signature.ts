import type { ConformanceCase } from '../model/case.ts';

export const wssSecondSignature: ConformanceCase = {
  id: 'wss-second-signature',
  title: 'Second ds:Signature refused',
  description: 'A second Signature elsewhere in the header.',
  requirements: ['SKSML-WSS-11', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'second-signature-in-header' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
