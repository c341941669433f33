import type { ConformanceCase } from '../model/case.ts';

export const wssTamperedSignature: ConformanceCase = {
  id: 'wss-tampered-signature',
  title: 'Tampered SignatureValue refused',
  description: 'The SignatureValue is changed.',
  requirements: ['SKSML-WSS-24', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'tampered-signature-value' }],
  expect: { outcome: 'reject', phase: 'security', fault: { code: 'Sender', subcode: 'wsse:FailedCheck' } },
};
