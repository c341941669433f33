/**
 * The cache's secret keys, bound to the client's credentials.
 *
 * The client's RSA private key signs (RSASSA-PKCS1-v1_5, SHA-256) a fixed, domain-separated label
 * followed by the cache's random id. PKCS#1 v1.5 signing is deterministic, so the same key pair
 * and the same cache id always give the same signature, and only the holder of the private key can
 * produce it. HKDF-SHA256 (salt = cache id) turns that secret into an AES-256-GCM key and an
 * HMAC-SHA256 key. Why this and not an OAEP-wrapped master key: spec/client-cache.md.
 */
import {
  X509Certificate,
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  sign as rsaSign,
  verify as rsaVerify,
  type KeyObject,
} from 'node:crypto';
import { KeyCacheError } from './cache-error.ts';

export interface CacheCredentials {
  /** The client's RSA private key (KeyObject or PEM). */
  readonly privateKey?: KeyObject | string;
  /**
   * Instead of `privateKey` (key held in an HSM): RSASSA-PKCS1-v1_5 with SHA-256 over `data`.
   * Needs `certificate` or `publicKey` so that the result can be checked.
   */
  readonly sign?: (data: Uint8Array) => Uint8Array;
  /** X509Certificate or PEM. */
  readonly certificate?: X509Certificate | string;
  readonly publicKey?: KeyObject;
}

interface ResolvedCredentials {
  readonly privateKey?: KeyObject;
  readonly sign?: (data: Uint8Array) => Uint8Array;
  readonly publicKey: KeyObject;
}

function resolve(credentials: CacheCredentials): ResolvedCredentials {
  try {
    const privateKey =
      typeof credentials.privateKey === 'string'
        ? createPrivateKey(credentials.privateKey)
        : credentials.privateKey;
    const certificate =
      typeof credentials.certificate === 'string'
        ? new X509Certificate(credentials.certificate)
        : credentials.certificate;
    const publicKey =
      credentials.publicKey ??
      certificate?.publicKey ??
      (privateKey === undefined ? undefined : createPublicKey(privateKey));
    if (publicKey === undefined)
      throw unsupported('cache credentials need a private key, or a signer with its certificate');
    return {
      publicKey,
      ...(privateKey ? { privateKey } : {}),
      ...(credentials.sign ? { sign: credentials.sign } : {}),
    };
  } catch (e) {
    if (e instanceof KeyCacheError) throw e;
    throw new KeyCacheError('CACHE_CREDENTIALS_UNSUPPORTED', 'the cache credentials cannot be read', {
      cause: e,
    });
  }
}

export interface CacheKeys {
  readonly encryptionKey: Buffer;
  readonly macKey: Buffer;
  /** SHA-256 of the client public key (SPKI DER): written in the clear to tell caches apart. */
  readonly keyFingerprint: Buffer;
}

export const CACHE_ID_LENGTH = 16;
const LABEL = Buffer.from('sksml client key cache v1\0', 'ascii');
const ENCRYPTION_INFO = Buffer.from('sksml client key cache v1 aes-256-gcm', 'ascii');
const MAC_INFO = Buffer.from('sksml client key cache v1 hmac-sha256', 'ascii');

function unsupported(message: string): KeyCacheError {
  return new KeyCacheError('CACHE_CREDENTIALS_UNSUPPORTED', message);
}

function signLabel(credentials: ResolvedCredentials, data: Buffer): Buffer {
  if (credentials.privateKey !== undefined) {
    if (credentials.privateKey.asymmetricKeyType !== 'rsa')
      throw unsupported('the key cache needs an RSA client key (deterministic PKCS#1 v1.5 signatures)');
    return rsaSign('sha256', data, { key: credentials.privateKey, padding: constants.RSA_PKCS1_PADDING });
  }
  if (credentials.sign !== undefined) return Buffer.from(credentials.sign(data));
  throw unsupported('cache credentials need a private key or a signer');
}

/** Fingerprint of the credentials' public key (no private-key operation). */
export function fingerprintCredentials(credentials: CacheCredentials): Buffer {
  const { publicKey } = resolve(credentials);
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
}

/** Derives the cache keys of cache `cacheId` (16 random bytes) for these credentials. */
export function deriveCacheKeys(credentials: CacheCredentials, cacheId: Uint8Array): CacheKeys {
  if (cacheId.length !== CACHE_ID_LENGTH) throw new RangeError('the cache id must be 16 bytes');
  const resolved = resolve(credentials);
  const { publicKey } = resolved;
  if (publicKey.asymmetricKeyType !== 'rsa')
    throw unsupported('the key cache needs an RSA client key (deterministic PKCS#1 v1.5 signatures)');
  const label = Buffer.concat([LABEL, cacheId]);
  const secret = signLabel(resolved, label);
  try {
    // A signer that returns anything but a valid PKCS#1 v1.5 signature of the label (a fault, a
    // PSS signer, another key) must not silently become the cache secret.
    const ok = rsaVerify('sha256', label, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, secret);
    if (!ok) throw unsupported('the signer did not produce a PKCS#1 v1.5 signature by the client key');
    const salt = Buffer.from(cacheId);
    return {
      encryptionKey: Buffer.from(hkdfSync('sha256', secret, salt, ENCRYPTION_INFO, 32)),
      macKey: Buffer.from(hkdfSync('sha256', secret, salt, MAC_INFO, 32)),
      keyFingerprint: createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest(),
    };
  } finally {
    secret.fill(0);
  }
}

/** Overwrites the secret keys (after close). */
export function wipeCacheKeys(keys: CacheKeys): void {
  keys.encryptionKey.fill(0);
  keys.macKey.fill(0);
}
