import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CanonicalValue, CanonicalEncodingError, encodeCanonical } from './canonical-encoding.ts';

const leaf: fc.Arbitrary<CanonicalValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.string(),
  fc.uint8Array({ maxLength: 16 }),
);
const value: fc.Arbitrary<CanonicalValue> = fc.letrec<{ v: CanonicalValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 })),
})).v;

/** The logical identity the encoding must preserve: integers compare by value whatever their JS type. */
function key(v: CanonicalValue): string {
  if (v === null) return 'n';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number' || typeof v === 'bigint') return `i${BigInt(v)}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b${Buffer.from(v).toString('hex')}`;
  return `[${v.map(key).join(',')}]`;
}

describe('encodeCanonical', () => {
  it('is injective: different value trees never share an encoding', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const same = Buffer.from(encodeCanonical(a)).equals(Buffer.from(encodeCanonical(b)));
        expect(same).toBe(key(a) === key(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('separates values that naive concatenation would merge', () => {
    const enc = (v: CanonicalValue) => Buffer.from(encodeCanonical(v)).toString('hex');
    expect(enc(['ab', 'c'])).not.toBe(enc(['a', 'bc']));
    expect(enc(['1'])).not.toBe(enc([1]));
    expect(enc([null])).not.toBe(enc(['']));
    expect(enc([[], []])).not.toBe(enc([[[]]]));
    expect(enc(new Uint8Array([0x61]))).not.toBe(enc('a'));
  });

  it('encodes a number and the equal bigint alike', () => {
    expect(encodeCanonical(42)).toEqual(encodeCanonical(42n));
  });

  it('refuses fractions and unsafe integers', () => {
    expect(() => encodeCanonical(1.5)).toThrow(CanonicalEncodingError);
    expect(() => encodeCanonical(2 ** 60)).toThrow(CanonicalEncodingError);
    expect(() => encodeCanonical(Number.NaN)).toThrow(CanonicalEncodingError);
  });
});
