/**
 * Algorithm identifiers and the allowlists of the profile. Anything not listed here is refused
 * (SKSML-WSS-12..15): no HMAC, no DSA, no ECDSA, no SHA-1 digests, no inclusive c14n.
 */

export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const EXC_C14N_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

/** Identifiers that appear in attacks and in tests; never accepted. */
export const HMAC_SHA1 = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';
export const DSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#dsa-sha1';
export const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export type SignatureAlgorithm = typeof RSA_SHA256 | typeof RSA_SHA1;

/** Node's hash name for an accepted SignatureMethod, or null when the method is refused. */
export function signatureHash(algorithm: string, allowRsaSha1: boolean): 'sha256' | 'sha1' | null {
  // SKSML-WSS-13: RSA-SHA256 only; RSA-SHA1 behind the explicit legacy switch; HMAC/DSA never.
  if (algorithm === RSA_SHA256) return 'sha256';
  if (algorithm === RSA_SHA1 && allowRsaSha1) return 'sha1';
  return null;
}

/** Node's hash name for an accepted DigestMethod, or null. */
export function digestHash(algorithm: string): 'sha256' | null {
  // SKSML-WSS-14: SHA-256 digests only.
  return algorithm === SHA256 ? 'sha256' : null;
}

/** Length in bytes of a digest produced by `digestHash`. */
export const DIGEST_LENGTH = { sha256: 32 } as const;
