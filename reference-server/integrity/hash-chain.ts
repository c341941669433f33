/**
 * Hash chains (row journal and audit log): entry n stores the hash of entry n-1; the first entry
 * stores GENESIS_HASH. An entry's hash is SHA-256 over its canonical encoding (which includes the
 * previous hash), so changing, removing, inserting or reordering any entry breaks the next link.
 */
import * as crypto from 'node:crypto';
import { createHash, timingSafeEqual } from 'node:crypto';

/** The `previous hash` of the first entry of every chain: 32 zero bytes. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

/** Node's one-shot digest (20.12 and later): the same SHA-256, without a Hash object per call. */
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

export function hashEntry(encoded: Uint8Array): Uint8Array {
  if (oneShot !== undefined) return oneShot('sha256', encoded, 'buffer');
  return createHash('sha256').update(encoded).digest();
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
