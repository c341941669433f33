/**
 * The envelope of a seal: magic byte 0x53, format version 1, algorithm code, key-ID length (one
 * byte), key ID (UTF-8), then the MAC or signature bytes.
 */
import type { SealAlgorithm } from './record-sealer.ts';

const MAGIC = 0x53;
const FORMAT_VERSION = 1;
const ALGORITHM_CODES: Record<SealAlgorithm, number> = { 'hmac-sha256': 1, 'rsa-sha256': 2 };

export interface SealParts {
  readonly algorithm: SealAlgorithm;
  readonly keyId: string;
  readonly value: Uint8Array;
}

export function encodeSeal(parts: SealParts): Uint8Array {
  const keyId = new TextEncoder().encode(parts.keyId);
  if (keyId.length === 0 || keyId.length > 255) throw new RangeError('a seal key ID has 1 to 255 bytes');
  const out = new Uint8Array(4 + keyId.length + parts.value.length);
  out.set([MAGIC, FORMAT_VERSION, ALGORITHM_CODES[parts.algorithm], keyId.length]);
  out.set(keyId, 4);
  out.set(parts.value, 4 + keyId.length);
  return out;
}

/** Splits a seal into its parts, or returns null when it is not a well-formed seal. */
export function decodeSeal(seal: Uint8Array): SealParts | null {
  if (seal.length < 5 || seal[0] !== MAGIC || seal[1] !== FORMAT_VERSION) return null;
  const algorithm = (Object.keys(ALGORITHM_CODES) as SealAlgorithm[]).find(
    (a) => ALGORITHM_CODES[a] === seal[2],
  );
  const keyIdLength = seal[3] ?? 0;
  if (algorithm === undefined || keyIdLength === 0 || seal.length <= 4 + keyIdLength) return null;
  let keyId: string;
  try {
    keyId = new TextDecoder('utf-8', { fatal: true }).decode(seal.subarray(4, 4 + keyIdLength));
  } catch {
    return null;
  }
  return { algorithm, keyId, value: seal.subarray(4 + keyIdLength) };
}
