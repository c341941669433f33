/**
 * Key-transport algorithms (XML Encryption 1.0 / 1.1 URIs) this project speaks, as an allowlist.
 *
 * - rsa-oaep-mgf1p: RSAES-OAEP with SHA-1 digest and MGF1-SHA-1. The default.
 * - xmlenc11 rsa-oaep with DigestMethod sha256 and MGF mgf1sha256: the SHA-256 variant.
 * - rsa-1_5: RSAES-PKCS1-v1_5, for legacy peers only, behind an explicit `{ legacy: true }`.
 *   A server must never decrypt rsa-1_5: an RSA PKCS#1 v1.5 decryption reachable by peers is a
 *   padding oracle (Bleichenbacher; Marvin, CVE-2023-46809). Only a client may unwrap it.
 */
export const RSA_OAEP_MGF1P = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';
export const RSA_OAEP = 'http://www.w3.org/2009/xmlenc11#rsa-oaep';
export const RSA_1_5 = 'http://www.w3.org/2001/04/xmlenc#rsa-1_5';

export const DIGEST_SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
export const DIGEST_SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const MGF1_SHA1 = 'http://www.w3.org/2009/xmlenc11#mgf1sha1';
export const MGF1_SHA256 = 'http://www.w3.org/2009/xmlenc11#mgf1sha256';

export type KeyTransportAlgorithm = typeof RSA_OAEP_MGF1P | typeof RSA_OAEP | typeof RSA_1_5;

export const KEY_TRANSPORT_ALGORITHMS: readonly KeyTransportAlgorithm[] = [RSA_OAEP_MGF1P, RSA_OAEP, RSA_1_5];

/** The pieces of an xenc EncryptionMethod relevant to key transport. */
export interface EncryptionMethod {
  readonly algorithm: string;
  /** ds:DigestMethod/@Algorithm (the OAEP hash). */
  readonly digestMethod?: string;
  /** xenc11:MGF/@Algorithm. */
  readonly mgf?: string;
  /** xenc:OAEPparams decoded (the OAEP label, "P"); absent or empty means no label. */
  readonly oaepParams?: Uint8Array;
}

/** A resolved, allowed parameter set. */
export type ResolvedMethod =
  | { readonly kind: 'oaep'; readonly hash: 'sha1' | 'sha256'; readonly label: Uint8Array | undefined }
  | { readonly kind: 'pkcs1' };

export function isKeyTransportAlgorithm(uri: string): uri is KeyTransportAlgorithm {
  return (KEY_TRANSPORT_ALGORITHMS as readonly string[]).includes(uri);
}
