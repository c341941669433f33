/**
 * One cache entry at rest: a header in the clear (format, version, GlobalKeyID), the payload
 * under AES-256-GCM with the header and the cache id as AAD, and an HMAC-SHA256 over all of it.
 *
 *   "SKSMLCE1" | version u64 BE | id length u8 | id (ASCII) | nonce 12 | ciphertext | tag 16 | HMAC 32
 *
 * `openEntry` checks, in this order: length, MAC (constant time), header, the GlobalKeyID the
 * entry is stored under, then decrypts. Any failure is a tamper reason, never an exception.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CacheKeys } from './cache-keys.ts';
import type { CacheTamperReason } from './cache-types.ts';

const MAGIC = Buffer.from('SKSMLCE1', 'ascii');
const NONCE = 12;
const TAG = 16;
const MAC = 32;
const FIXED_HEADER = MAGIC.length + 8 + 1;
const MIN_LENGTH = FIXED_HEADER + 5 + NONCE + TAG + MAC;

export type OpenedEntry =
  | { readonly ok: true; readonly version: bigint; readonly payload: Buffer }
  | { readonly ok: false; readonly reason: CacheTamperReason };

function header(version: bigint, globalKeyId: string): Buffer {
  const id = Buffer.from(globalKeyId, 'ascii');
  if (id.length === 0 || id.length > 255) throw new RangeError('GlobalKeyID length out of range');
  const out = Buffer.alloc(FIXED_HEADER + id.length);
  MAGIC.copy(out, 0);
  out.writeBigUInt64BE(version, MAGIC.length);
  out.writeUInt8(id.length, MAGIC.length + 8);
  id.copy(out, FIXED_HEADER);
  return out;
}

function mac(keys: CacheKeys, data: Buffer): Buffer {
  return createHmac('sha256', keys.macKey).update(data).digest();
}

/** Seals `payload` as the entry of `globalKeyId` at `version`. */
export function sealEntry(
  keys: CacheKeys,
  cacheId: Uint8Array,
  globalKeyId: string,
  version: bigint,
  payload: Uint8Array,
): Buffer {
  const head = header(version, globalKeyId);
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, nonce);
  cipher.setAAD(Buffer.concat([head, cacheId]));
  const body = Buffer.concat([head, nonce, cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([body, mac(keys, body)]);
}

/** Opens the entry stored under `expectedId`; the payload buffer belongs to the caller (wipe it). */
export function openEntry(
  keys: CacheKeys,
  cacheId: Uint8Array,
  expectedId: string,
  bytes: Uint8Array,
): OpenedEntry {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < MIN_LENGTH) return { ok: false, reason: 'truncated' };
  const body = file.subarray(0, file.length - MAC);
  if (!timingSafeEqual(mac(keys, body), file.subarray(file.length - MAC)))
    return { ok: false, reason: 'mac-mismatch' };
  if (!body.subarray(0, MAGIC.length).equals(MAGIC)) return { ok: false, reason: 'malformed' };
  const version = body.readBigUInt64BE(MAGIC.length);
  const idLength = body.readUInt8(MAGIC.length + 8);
  const headLength = FIXED_HEADER + idLength;
  if (body.length < headLength + NONCE + TAG) return { ok: false, reason: 'truncated' };
  const storedId = body.toString('latin1', FIXED_HEADER, headLength);
  if (storedId !== expectedId) return { ok: false, reason: 'id-mismatch' };
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keys.encryptionKey,
      body.subarray(headLength, headLength + NONCE),
    );
    decipher.setAAD(Buffer.concat([body.subarray(0, headLength), cacheId]));
    decipher.setAuthTag(body.subarray(body.length - TAG));
    const first = decipher.update(body.subarray(headLength + NONCE, body.length - TAG));
    const last = decipher.final();
    const payload = last.length === 0 ? first : Buffer.concat([first, last]);
    if (payload !== first) first.fill(0);
    return { ok: true, version, payload };
  } catch {
    return { ok: false, reason: 'decrypt-failed' };
  }
}
