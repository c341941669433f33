/**
 * Memoization for the hot path of message verification. Parsing a certificate with node:crypto
 * costs far more than the RSA check itself, and every signed message from the same peer carries the
 * same certificate, so:
 * - `parseCertificateCached` reuses the X509Certificate parsed from identical DER bytes;
 * - `verifyCertificateChainCached` reuses a SUCCESSFUL chain verification for the same leaf bytes,
 *   trust anchors, intermediates and options, but only while `at` lies inside the validity window
 *   common to every certificate of the chain. Anything else (a miss, a time outside the window, any
 *   failure) runs the full `verifyCertificateChain`, so failures are never cached and every error is
 *   produced by the one verifier.
 * Both caches are bounded; the oldest entry is evicted first.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { readCertificateFields } from './certificate-fields.ts';
import {
  parseCertificate,
  verifyCertificateChain,
  type ChainOptions,
  type VerifiedCertificate,
} from './chain.ts';

const MAX_ENTRIES = 1024;

function digestOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
  return value;
}

const parsed = new Map<string, X509Certificate>();

/** parseCertificate for DER bytes, reusing the object parsed from identical bytes. */
export function parseCertificateCached(der: Uint8Array): X509Certificate {
  const key = digestOf(der);
  return parsed.get(key) ?? remember(parsed, key, parseCertificate(der));
}

interface VerifiedEntry {
  readonly result: VerifiedCertificate;
  readonly notBefore: number;
  readonly notAfter: number;
}

const verified = new Map<string, VerifiedEntry>();
/** Digest of each certificate object's DER (an X509Certificate never changes, so this is safe). */
const certificateDigests = new WeakMap<X509Certificate, string>();

function digestOfCertificate(cert: X509Certificate): string {
  let digest = certificateDigests.get(cert);
  if (digest === undefined) {
    digest = digestOf(cert.raw);
    certificateDigests.set(cert, digest);
  }
  return digest;
}

/**
 * The key of a certificate set, from its CURRENT contents on every call: callers may edit their
 * anchor array in place (removing a compromised CA), so the array object cannot stand for its set.
 */
function keyOfSet(certs: readonly X509Certificate[] | undefined): string {
  if (certs === undefined || certs.length === 0) return '';
  return certs.map(digestOfCertificate).join(',');
}

function cacheKey(leaf: X509Certificate, options: ChainOptions): string {
  return [
    // The leaf object's DER digest, memoized per object like the anchors' (the same value).
    digestOfCertificate(leaf),
    keyOfSet(options.trustAnchors),
    keyOfSet(options.intermediates),
    options.usage,
    options.minRsaBits ?? '',
    options.maxIntermediates ?? '',
    options.extendedKeyUsage ?? '',
  ].join('|');
}

/** verifyCertificateChain with a cache of successful results bounded by the chain's validity window. */
export function verifyCertificateChainCached(
  leaf: X509Certificate,
  options: ChainOptions,
): VerifiedCertificate {
  const key = cacheKey(leaf, options);
  const at = options.at.getTime();
  const hit = verified.get(key);
  if (hit !== undefined && at >= hit.notBefore && at <= hit.notAfter) return hit.result;
  const result = verifyCertificateChain(leaf, options);
  let notBefore = -Infinity;
  let notAfter = Infinity;
  // The same validity fields and comparisons the chain verifier applies to each certificate.
  for (const c of result.chain) {
    const fields = readCertificateFields(c.raw);
    notBefore = Math.max(notBefore, fields.notBefore.getTime());
    notAfter = Math.min(notAfter, fields.notAfter.getTime());
  }
  if (Number.isFinite(notBefore) && Number.isFinite(notAfter))
    remember(verified, key, { result, notBefore, notAfter });
  return result;
}
