import type { ConformanceCase } from '../model/case.ts';

export const wssTwoSignedInfo: ConformanceCase = {
  id: 'wss-two-signed-info',
  title: 'Two SignedInfo refused',
  description: 'A Signature with two SignedInfo elements (CVE-2025-29774 shape).',
  requirements: ['SKSML-WSS-11', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'two-signed-info' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
