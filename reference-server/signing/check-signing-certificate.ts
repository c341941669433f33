import { type KeyObject, X509Certificate } from 'node:crypto';
import { SigningError } from './signing-error.ts';
import type { ServerSignatureAlgorithm } from './server-signer.ts';

export const MIN_SIGNING_RSA_BITS = 2048;

/** The certificate holds an RSA key of at least 2048 bits, equal to `publicKey`. */
export function checkSigningCertificate(certificate: X509Certificate, publicKey: KeyObject): void {
  const certKey = certificate.publicKey;
  if (certKey.asymmetricKeyType !== 'rsa')
    throw new SigningError('SIGNING_KEY_INVALID', 'the server signing certificate must hold an RSA key');
  const bits = certKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_SIGNING_RSA_BITS)
    throw new SigningError(
      'SIGNING_KEY_INVALID',
      `the server signing key has ${bits} bits; at least 2048 are required`,
    );
  if (!certKey.equals(publicKey))
    throw new SigningError(
      'SIGNING_KEY_MISMATCH',
      'the signing key does not belong to the server certificate',
    );
}

export function checkSignatureAlgorithm(algorithm: string): asserts algorithm is ServerSignatureAlgorithm {
  if (algorithm !== 'rsa-sha256')
    throw new SigningError('SIGNING_ALGORITHM_UNSUPPORTED', `unsupported signature algorithm ${algorithm}`);
}

/** A certificate from PEM text (or as given). */
export function readSigningCertificate(certificate: string | X509Certificate): X509Certificate {
  if (typeof certificate !== 'string') return certificate;
  try {
    return new X509Certificate(certificate);
  } catch (error) {
    throw new SigningError('SIGNING_KEY_INVALID', 'the server certificate cannot be read', { cause: error });
  }
}
