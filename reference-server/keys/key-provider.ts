/**
 * Where new symmetric keys come from. The SKS server asks a KeyProvider for a key whenever a
 * client sends the new-key sentinel (SKSML-SRV-40); the provider is chosen by configuration
 * (key-provider-config.ts): node:crypto by default, or a PKCS#11 token.
 */
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';

/** A freshly generated key. Hold it briefly: export the bytes when needed, then dispose(). */
export interface GeneratedKey {
  readonly algorithm: KeyAlgorithm;
  readonly sizeBits: KeySize;
  /** Name of the provider that made it (`node-crypto`, `pkcs11:<token label>`). */
  readonly provider: string;
  /** A fresh copy of the key value (3DES: 24 bytes with odd DES parity). Throws after dispose(). */
  exportKey(): Uint8Array;
  /** Overwrites the held key value with zeros. Idempotent. */
  dispose(): void;
}

export interface KeyProvider {
  readonly name: string;
  /** Generates one key; `sizeBits` must match `algorithm` (SKSML-MSG-103). */
  generateKey(algorithm: KeyAlgorithm, sizeBits: KeySize): Promise<GeneratedKey>;
  /** Releases resources (PKCS#11 session, wrapping key). Idempotent. */
  close(): Promise<void>;
}
