import type { ConformanceCase } from '../model/case.ts';

export const wssNoDigitalSignatureUsage: ConformanceCase = {
  id: 'wss-no-digital-signature-usage',
  title: 'Certificate without digitalSignature refused',
  description: 'A certificate whose keyUsage lacks digitalSignature.',
  requirements: ['SKSML-WSS-7', 'SKSML-BIND-23'],
  profile: { requires: ['issuingCa'] },
  requests: [{ build: 'attack', attack: 'no-digital-signature-key-usage' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:FailedAuthentication' },
  },
};
