/**
 * Raw data encryption for xenc:EncryptedData (XML Encryption 1.1 §5.2): the CipherValue is
 * IV || ciphertext || tag for AES-GCM (96-bit IV, 128-bit tag, no additional data) and IV ||
 * ciphertext for CBC, whose plaintext is padded to whole blocks with the last octet giving the
 * padding length. Padding is checked in constant time and reported with the same error as a bad
 * GCM tag.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GCM_TAG_BYTES, type DataAlgorithm } from './algorithms.ts';
import { DataEncryptionError } from './data-error.ts';

function checkKey(algorithm: DataAlgorithm, key: Uint8Array): void {
  if (key.length !== algorithm.keyBytes)
    throw new DataEncryptionError(
      'DATA_BAD_ARGUMENT',
      `a ${algorithm.uri} key has ${algorithm.keyBytes * 8} bits, not ${key.length * 8}`,
    );
}

function failed(cause?: unknown): DataEncryptionError {
  return new DataEncryptionError(
    'DATA_DECRYPT_FAILED',
    'the data cannot be decrypted with the named key (altered, or encrypted under another key)',
    cause === undefined ? undefined : { cause },
  );
}

/** XML Encryption padding: 1..block octets, written PKCS#7-style (each octet = the length). */
function pad(data: Uint8Array, block: number): Uint8Array {
  const n = block - (data.length % block);
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}

/**
 * The padding length, or -1, computed without a branch on the padding value. Only the last octet
 * is checked: XML Encryption lets the other padding octets be arbitrary.
 */
function paddingLength(plain: Uint8Array, block: number): number {
  const n = plain[plain.length - 1] ?? 0;
  const tooSmall = ((n - 1) >>> 31) & 1;
  const tooBig = ((block - n) >>> 31) & 1;
  const bad = tooSmall | tooBig;
  return n | -bad;
}

/**
 * The plaintext in its own Uint8Array: Node may place small Buffers in a shared pool, whose other
 * bytes a caller could reach through `.buffer`. The pooled copy is wiped.
 */
function plainBytes(buffer: Buffer): Uint8Array {
  const out = new Uint8Array(buffer.length);
  out.set(buffer);
  buffer.fill(0);
  return out;
}

/** Encrypts `plaintext` under `key`; returns the CipherValue octets. */
export function encryptOctets(algorithm: DataAlgorithm, key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  checkKey(algorithm, key);
  const iv = randomBytes(algorithm.ivBytes);
  if (algorithm.mode === 'gcm') {
    const cipher = createCipheriv(algorithm.cipher as 'aes-256-gcm', key, iv, {
      authTagLength: GCM_TAG_BYTES,
    });
    // One copy into the result: IV || ciphertext || tag.
    const body = cipher.update(plaintext);
    const last = cipher.final();
    return Buffer.concat(
      [iv, body, last, cipher.getAuthTag()],
      iv.length + body.length + last.length + GCM_TAG_BYTES,
    );
  }
  const cipher = createCipheriv(algorithm.cipher, key, iv);
  cipher.setAutoPadding(false);
  const padded = pad(plaintext, algorithm.blockBytes);
  const body = Buffer.concat([cipher.update(padded), cipher.final()]);
  padded.fill(0);
  return Buffer.concat([iv, body]);
}

/**
 * Decrypts CipherValue octets; throws DATA_DECRYPT_FAILED for any authentication or padding failure
 * (SKSML-CLT-145: one error for every cause; unauthenticated plaintext is wiped, never returned).
 */
export function decryptOctets(
  algorithm: DataAlgorithm,
  key: Uint8Array,
  cipherValue: Uint8Array,
): Uint8Array {
  checkKey(algorithm, key);
  const iv = cipherValue.subarray(0, algorithm.ivBytes);
  if (algorithm.mode === 'gcm') {
    if (cipherValue.length < algorithm.ivBytes + GCM_TAG_BYTES) throw failed();
    const body = cipherValue.subarray(algorithm.ivBytes, cipherValue.length - GCM_TAG_BYTES);
    const tag = cipherValue.subarray(cipherValue.length - GCM_TAG_BYTES);
    const decipher = createDecipheriv(algorithm.cipher as 'aes-256-gcm', key, iv, {
      authTagLength: GCM_TAG_BYTES,
    });
    decipher.setAuthTag(tag);
    const plain = decipher.update(body);
    let last: Buffer;
    try {
      last = decipher.final();
    } catch (e) {
      plain.fill(0); // never release unauthenticated plaintext
      throw failed(e);
    }
    const out = plainBytes(Buffer.concat([plain, last]));
    plain.fill(0);
    return out;
  }
  const body = cipherValue.subarray(algorithm.ivBytes);
  if (body.length === 0 || body.length % algorithm.blockBytes !== 0) throw failed();
  const decipher = createDecipheriv(algorithm.cipher, key, iv);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  const n = paddingLength(plain, algorithm.blockBytes);
  if (n < 0) {
    plain.fill(0);
    throw failed();
  }
  const out = plainBytes(plain.subarray(0, plain.length - n));
  plain.fill(0);
  return out;
}
