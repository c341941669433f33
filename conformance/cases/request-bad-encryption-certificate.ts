import type { ConformanceCase } from '../model/case.ts';

export const requestBadEncryptionCertificate: ConformanceCase = {
  id: 'request-bad-encryption-certificate',
  title: 'X509EncryptionCertificate that is no certificate refused',
  description: 'Base64 that does not decode to a certificate is refused.',
  requirements: ['SKSML-MSG-7', 'SKSML-SRV-39', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', mutate: ['payload:garbage-encryption-certificate'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
