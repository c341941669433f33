import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasDesParity, isUnfitTripleDesKey, setDesParity } from './des-parity.ts';

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b >>= 1) n += b & 1;
  return n;
}

describe('DES parity', () => {
  it('gives every byte an odd number of 1 bits and changes only the low bit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }), (bytes) => {
        const before = Uint8Array.from(bytes);
        const after = setDesParity(bytes);
        for (let i = 0; i < after.length; i += 1) {
          expect(popcount(after[i]!) % 2).toBe(1);
          expect(after[i]! & 0xfe).toBe(before[i]! & 0xfe);
        }
        expect(hasDesParity(after)).toBe(true);
      }),
    );
  });

  it('is idempotent and detects a flipped parity bit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 24 }), fc.nat({ max: 23 }), (bytes, index) => {
        const once = Uint8Array.from(setDesParity(bytes));
        expect(setDesParity(Uint8Array.from(once))).toEqual(once);
        once[index] = once[index]! ^ 1;
        expect(hasDesParity(once)).toBe(false);
      }),
    );
  });

  it('matches known values', () => {
    expect(Buffer.from(setDesParity(Buffer.from('0000fefe1011', 'hex'))).toString('hex')).toBe(
      '0101fefe1010',
    );
  });
});

describe('unfit 3DES keys', () => {
  const k = (hex: string): Uint8Array => Buffer.from(hex, 'hex');
  const a = '0123456789abcdef';
  const b = '23456789abcdef01';
  const c = '456789abcdef0123';

  it('accepts three distinct strong DES keys', () => {
    expect(isUnfitTripleDesKey(k(a + b + c))).toBe(false);
    expect(isUnfitTripleDesKey(k(a + b + a))).toBe(false); // two-key 3DES: K1 = K3 is allowed
  });

  it('refuses K1 = K2, K2 = K3, weak and semi-weak DES keys, wrong lengths', () => {
    expect(isUnfitTripleDesKey(k(a + a + c))).toBe(true);
    expect(isUnfitTripleDesKey(k(a + c + c))).toBe(true);
    expect(isUnfitTripleDesKey(k('0101010101010101' + b + c))).toBe(true);
    expect(isUnfitTripleDesKey(k(a + 'e0fee0fef1fef1fe' + c))).toBe(true);
    expect(isUnfitTripleDesKey(k(a + b))).toBe(true);
  });
});
