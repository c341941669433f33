import type { ConformanceCase } from '../model/case.ts';

export const wssUntrustedCa: ConformanceCase = {
  id: 'wss-untrusted-ca',
  title: 'Certificate from an untrusted CA refused',
  description: 'A valid signature by a certificate from a CA the target does not trust.',
  requirements: ['SKSML-WSS-7', 'SKSML-SRV-37', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'untrusted-ca-certificate' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:FailedAuthentication' },
  },
};
