/**
 * HMAC-SHA256 record sealer. The current key seals; older keys (`previousKeys`) still verify, so
 * the storage MAC key can be rotated without rewriting every row at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RecordSealer } from './record-sealer.ts';
import { decodeSeal, encodeSeal } from './seal-format.ts';

export interface HmacKey {
  readonly keyId: string;
  /** At least 32 bytes of secret key material. */
  readonly key: Uint8Array;
}

export interface HmacSealerOptions extends HmacKey {
  readonly previousKeys?: readonly HmacKey[];
}

const MIN_KEY_BYTES = 32;

export function createHmacSealer(options: HmacSealerOptions): RecordSealer {
  const keys = new Map<string, Uint8Array>();
  for (const k of [options, ...(options.previousKeys ?? [])]) {
    if (k.key.length < MIN_KEY_BYTES) throw new RangeError(`HMAC key ${k.keyId} is shorter than 32 bytes`);
    if (keys.has(k.keyId)) throw new RangeError(`HMAC key ID ${k.keyId} is given twice`);
    keys.set(k.keyId, Uint8Array.from(k.key));
  }
  const mac = (key: Uint8Array, data: Uint8Array): Uint8Array =>
    createHmac('sha256', key).update(data).digest();
  const current = keys.get(options.keyId)!;
  // Every seal this sealer makes starts with the same envelope bytes (seal-format.ts): the
  // envelope of an empty value. A seal is that prefix followed by the 32-byte MAC. Made at the
  // first seal, so a key ID the envelope refuses fails there, as encodeSeal would.
  let prefix: Uint8Array | undefined;
  return {
    algorithm: 'hmac-sha256',
    keyId: options.keyId,
    seal(data) {
      prefix ??= encodeSeal({ algorithm: 'hmac-sha256', keyId: options.keyId, value: new Uint8Array(0) });
      const out = new Uint8Array(prefix.length + 32);
      out.set(prefix);
      out.set(mac(current, data), prefix.length);
      return Promise.resolve(out);
    },
    verify(data, seal) {
      const parts = decodeSeal(seal);
      const key = parts?.algorithm === 'hmac-sha256' ? keys.get(parts.keyId) : undefined;
      if (parts === null || key === undefined || parts.value.length !== 32) return Promise.resolve(false);
      return Promise.resolve(timingSafeEqual(mac(key, data), parts.value));
    },
  };
}
