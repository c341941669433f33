/**
 * RSA signature record sealer (RSASSA-PKCS1-v1_5 with SHA-256, deterministic, so an HSM can take
 * the private-key operation later). The verifier needs only public keys, which lets an auditor
 * check the audit log without being able to write to it.
 */
import { createPublicKey, type KeyObject, sign, verify as verifySignature } from 'node:crypto';
import type { RecordSealer, RecordVerifier } from './record-sealer.ts';
import { decodeSeal, encodeSeal } from './seal-format.ts';

export interface RsaPublicKeyEntry {
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

function checkRsa(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError(`${what} must be an RSA key`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) throw new RangeError(`${what} must have at least 2048 bits`);
}

/** Verifies `rsa-sha256` seals made by any of `keys`. */
export function createRsaVerifier(keys: readonly RsaPublicKeyEntry[]): RecordVerifier {
  const byId = new Map<string, KeyObject>();
  for (const k of keys) {
    checkRsa(k.publicKey, `key ${k.keyId}`);
    byId.set(k.keyId, k.publicKey);
  }
  return {
    verify(data, seal) {
      const parts = decodeSeal(seal);
      const key = parts?.algorithm === 'rsa-sha256' ? byId.get(parts.keyId) : undefined;
      if (parts === null || key === undefined) return Promise.resolve(false);
      try {
        return Promise.resolve(verifySignature('sha256', data, key, parts.value));
      } catch {
        return Promise.resolve(false);
      }
    },
  };
}

export interface RsaSealerOptions {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** Older public keys that still verify. */
  readonly previousKeys?: readonly RsaPublicKeyEntry[];
}

export function createRsaSealer(options: RsaSealerOptions): RecordSealer {
  if (options.privateKey.type !== 'private') throw new TypeError('an RSA sealer needs a private key');
  checkRsa(options.privateKey, 'the sealing key');
  const verifier = createRsaVerifier([
    { keyId: options.keyId, publicKey: createPublicKey(options.privateKey) },
    ...(options.previousKeys ?? []),
  ]);
  return {
    algorithm: 'rsa-sha256',
    keyId: options.keyId,
    seal(data) {
      const value = sign('sha256', data, options.privateKey);
      return Promise.resolve(encodeSeal({ algorithm: 'rsa-sha256', keyId: options.keyId, value }));
    },
    verify: (data, seal) => verifier.verify(data, seal),
  };
}
