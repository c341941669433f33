/** Byte comparison whose time does not depend on where the inputs differ. */
import { timingSafeEqual } from 'node:crypto';

/**
 * True when `a` and `b` hold the same bytes. Lengths are compared first (a digest's length is
 * public: it follows from its algorithm); equal-length inputs are compared in constant time.
 */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return timingSafeEqual(a, b);
}
