import type { ConformanceCase } from '../model/case.ts';

export const wssCertificateInKeyinfo: ConformanceCase = {
  id: 'wss-certificate-in-keyinfo',
  title: 'Certificate in KeyInfo refused',
  description: 'An attacker certificate in ds:X509Data instead of the token (CVE-2024-32962 shape).',
  requirements: ['SKSML-WSS-6', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'certificate-in-keyinfo-x509data' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:UnsupportedSecurityToken' },
  },
};
