import type { ConformanceCase } from '../model/case.ts';

export const wssUnsignedRequest: ConformanceCase = {
  id: 'wss-unsigned-request',
  title: 'Unsigned request refused',
  description: 'A SymkeyRequest without any WS-Security header is refused with wsse:InvalidSecurity.',
  requirements: ['SKSML-SRV-37', 'SKSML-WSS-1', 'SKSML-BIND-23'],
  requests: [{ build: 'newKeyRequest', sign: 'none' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
