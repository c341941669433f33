import type { ConformanceCase } from '../model/case.ts';

export const wssKeyIdentifierReference: ConformanceCase = {
  id: 'wss-key-identifier-reference',
  title: 'KeyIdentifier token reference refused',
  description: 'The STR uses a KeyIdentifier.',
  requirements: ['SKSML-WSS-6', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'key-identifier-reference' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedSecurityToken' },
  },
};
