/** Normalises and checks the RSA keys key transport works with. */
import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { KeyTransportError } from './key-transport-error.ts';

export const DEFAULT_MIN_RSA_BITS = 2048;

export function rsaModulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

/**
 * The RSA public key of a recipient. A certificate is NOT verified here: the caller has already
 * run verifyCertificateChain with usage 'keyEncipherment' (or holds the certificate from its own
 * configuration).
 */
export function recipientPublicKey(recipient: X509Certificate | KeyObject, minRsaBits: number): KeyObject {
  let key: KeyObject;
  if (recipient instanceof X509Certificate) key = recipient.publicKey;
  else if (recipient.type === 'public') key = recipient;
  else if (recipient.type === 'private') key = createPublicKey(recipient);
  else
    throw new KeyTransportError('KEYTRANSPORT_BAD_KEY', 'a secret key cannot be a key-transport recipient');
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KeyTransportError(
      'KEYTRANSPORT_BAD_KEY',
      `key transport needs an RSA key, not ${String(key.asymmetricKeyType)}`,
    );
  }
  const bits = rsaModulusBits(key);
  if (bits < minRsaBits) {
    throw new KeyTransportError(
      'KEYTRANSPORT_BAD_KEY',
      `recipient RSA key has ${bits} bits (minimum ${minRsaBits})`,
    );
  }
  return key;
}

export function requireRsaPrivateKey(key: KeyObject): KeyObject {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new KeyTransportError('KEYTRANSPORT_BAD_KEY', 'unwrapping needs an RSA private key');
  }
  return key;
}
