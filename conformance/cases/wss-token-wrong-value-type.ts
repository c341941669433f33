import type { ConformanceCase } from '../model/case.ts';

export const wssTokenWrongValueType: ConformanceCase = {
  id: 'wss-token-wrong-value-type',
  title: 'Token with a wrong ValueType refused',
  description: 'BinarySecurityToken ValueType other than X509v3.',
  requirements: ['SKSML-WSS-5', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'token-wrong-value-type' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedSecurityToken' },
  },
};
