import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { EscrowError } from './escrow-error.ts';
import { checkEscrowPublicKey } from './escrow-key.ts';

/**
 * Reads the configured escrow keys: each entry a PEM SubjectPublicKeyInfo ("PUBLIC KEY") or an
 * X.509 certificate ("CERTIFICATE"). Private keys are refused.
 */
export function parseEscrowPublicKeys(pems: readonly string[]): KeyObject[] {
  return pems.map((pem, i) => {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
      throw new EscrowError(
        'ESCROW_KEY_UNSUITABLE',
        `escrow key ${i + 1} is a private key; configure the public key`,
      );
    let key: KeyObject;
    try {
      key = pem.includes('-----BEGIN CERTIFICATE-----')
        ? new X509Certificate(pem).publicKey
        : createPublicKey({ key: pem, format: 'pem' });
    } catch (error) {
      throw new EscrowError(
        'ESCROW_KEY_UNSUITABLE',
        `escrow key ${i + 1} is not a PEM public key or certificate`,
        {
          cause: error,
        },
      );
    }
    checkEscrowPublicKey(key);
    return key;
  });
}
