import type { ConformanceCase } from '../model/case.ts';

export const wssExpiredCertificate: ConformanceCase = {
  id: 'wss-expired-certificate',
  title: 'Expired certificate refused',
  description: 'A valid signature by an expired client certificate of the client CA.',
  requirements: ['SKSML-WSS-7', 'SKSML-BIND-23'],
  profile: { requires: ['issuingCa'] },
  requests: [{ build: 'attack', attack: 'expired-certificate' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:FailedAuthentication' },
  },
};
