import type { ConformanceCase } from '../model/case.ts';

export const x509EncryptionCertificateHonoured: ConformanceCase = {
  id: 'x509-encryption-certificate-honoured',
  title: 'X509EncryptionCertificate selects the recipient',
  description:
    "client1 asks for a new key and names a second certificate of its own (same subject, new key pair, issued by the client CA) as X509EncryptionCertificate; the key decrypts with that certificate's private key, not with the signing key.",
  requirements: ['SKSML-SRV-39', 'SKSML-SRV-110'],
  profile: { requires: ['issuingCa'] },
  requests: [{ build: 'newKeyRequest', encryptionCertificate: 'client1-encryption' }],
  expect: {
    outcome: 'accept',
    checks: ['response-signed-by-server', 'key-decrypts', 'key-size-matches-policy'],
  },
};
