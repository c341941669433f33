/**
 * The SKS server's own signing key (SKSML-SRV-36: every response is signed). The WS-Security
 * layer calls `sign` with the canonical SignedInfo bytes and puts `certificate` in the header.
 */
import type { X509Certificate } from 'node:crypto';

export type ServerSignatureAlgorithm = 'rsa-sha256';

export interface ServerSigner {
  readonly certificate: X509Certificate;
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (the signer hashes). */
  sign(data: Uint8Array, algorithm: ServerSignatureAlgorithm): Promise<Uint8Array> | Uint8Array;
  /** Releases the key (PKCS#11 session). Idempotent. */
  close(): void;
}
