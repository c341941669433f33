import type { ConformanceCase } from '../model/case.ts';

export const wssExternalReference: ConformanceCase = {
  id: 'wss-external-reference',
  title: 'External Reference URI refused',
  description: 'A Reference points outside the message.',
  requirements: ['SKSML-WSS-16', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'external-uri-reference' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
