/**
 * DES key bytes carry 7 key bits and one parity bit (the least significant), set so that every
 * byte has an odd number of 1 bits (FIPS 46-3). A 3DES key is three such 8-byte DES keys.
 */

function oddParityByte(byte: number): number {
  let ones = 0;
  for (let bit = 1; bit < 0x100; bit <<= 1) if (byte & bit & 0xfe) ones += 1;
  return (byte & 0xfe) | (ones % 2 === 0 ? 1 : 0);
}

/** Sets the parity bit of every byte in place and returns `key`. */
export function setDesParity(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i += 1) key[i] = oddParityByte(key[i]!);
  return key;
}

/** True when every byte has odd parity. */
export function hasDesParity(key: Uint8Array): boolean {
  return key.every((byte) => oddParityByte(byte) === byte);
}

/** The 4 weak and 12 semi-weak DES keys (with parity), for which encryption is (nearly) an involution. */
const WEAK_DES_KEYS = new Set([
  '0101010101010101',
  'fefefefefefefefe',
  'e0e0e0e0f1f1f1f1',
  '1f1f1f1f0e0e0e0e',
  '011f011f010e010e',
  '1f011f010e010e01',
  '01e001e001f101f1',
  'e001e001f101f101',
  '01fe01fe01fe01fe',
  'fe01fe01fe01fe01',
  '1fe01fe00ef10ef1',
  'e01fe01ff10ef10e',
  '1ffe1ffe0efe0efe',
  'fe1ffe1ffe0efe0e',
  'e0fee0fef1fef1fe',
  'fee0fee0fef1fef1',
]);

/**
 * True when a 24-byte 3DES key (with parity) is unfit: K1 = K2 or K2 = K3 (3DES collapses to single
 * DES), or one of its DES keys is weak or semi-weak.
 */
export function isUnfitTripleDesKey(key: Uint8Array): boolean {
  if (key.length !== 24) return true;
  const hex = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');
  const [k1, k2, k3] = [hex.slice(0, 16), hex.slice(16, 32), hex.slice(32, 48)];
  if (k1 === k2 || k2 === k3) return true;
  return [k1, k2, k3].some((k) => WEAK_DES_KEYS.has(k));
}
