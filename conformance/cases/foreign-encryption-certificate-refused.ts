import type { ConformanceCase } from '../model/case.ts';

export const foreignEncryptionCertificateRefused: ConformanceCase = {
  id: 'foreign-encryption-certificate-refused',
  title: 'Encryption certificate of another subject refused',
  description:
    "client1 names client2's certificate as X509EncryptionCertificate; the item is refused with SKS-INVALID-ENCRYPTION-CERTIFICATE and no key is wrapped for client2.",
  requirements: ['SKSML-SRV-110', 'SKSML-SRV-45'],
  profile: { requires: ['secondClient'] },
  requests: [{ build: 'newKeyRequest', encryptionCertificate: 'client2' }],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-INVALID-ENCRYPTION-CERTIFICATE' },
    checks: ['response-signed-by-server', 'symkey-error-for-item'],
  },
};
