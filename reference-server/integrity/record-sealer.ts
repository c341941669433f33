/**
 * What the store and the audit log use to protect records: a sealer computes a seal (MAC or
 * signature) over canonical bytes; a verifier checks one. The seal carries the algorithm and the
 * key ID (seal-format.ts) so keys can be rotated: a verifier may know several keys.
 */

export type SealAlgorithm = 'hmac-sha256' | 'rsa-sha256';

export interface RecordVerifier {
  /** True only when `seal` is a valid seal of `data` under a key this verifier knows. Never throws. */
  verify(data: Uint8Array, seal: Uint8Array): Promise<boolean>;
}

export interface RecordSealer extends RecordVerifier {
  readonly algorithm: SealAlgorithm;
  /** Identifies the key in every seal it makes (at most 255 bytes of UTF-8). */
  readonly keyId: string;
  seal(data: Uint8Array): Promise<Uint8Array>;
}
