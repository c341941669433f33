import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashEntry, sameBytes } from './hash-chain.ts';

describe('hashEntry', () => {
  it('is SHA-256 of the bytes, as a Hash object computes it (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(8), (bytes, offset) => {
        // Also views into a larger buffer: only the viewed bytes count.
        const view = new Uint8Array(offset + bytes.length + 3).subarray(offset, offset + bytes.length);
        view.set(bytes);
        const expected = createHash('sha256').update(bytes).digest();
        expect(Buffer.from(hashEntry(bytes)).equals(expected)).toBe(true);
        expect(sameBytes(hashEntry(view), expected)).toBe(true);
      }),
    );
  });
});
