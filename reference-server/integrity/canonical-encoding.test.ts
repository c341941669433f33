import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalValue,
  CanonicalEncodingError,
  encodeCanonical,
  encodeCanonicalWith,
} from './canonical-encoding.ts';

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

/**
 * The format of spec/store.md §3.1 written the plain way (one part per tag, length and payload,
 * concatenated): the encoder must produce exactly these bytes, or rows sealed before would no
 * longer verify.
 */
function referenceEncoding(v: CanonicalValue): Buffer {
  const head = (tag: number, length: number): Buffer => {
    const b = Buffer.alloc(5);
    b[0] = tag;
    b.writeUInt32BE(length, 1);
    return b;
  };
  if (v === null) return Buffer.of(0);
  if (typeof v === 'boolean') return Buffer.of(v ? 2 : 1);
  if (typeof v === 'number' || typeof v === 'bigint') {
    const digits = Buffer.from(BigInt(v).toString(10), 'ascii');
    return Buffer.concat([head(3, digits.length), digits]);
  }
  if (typeof v === 'string') {
    const bytes = Buffer.from(new TextEncoder().encode(v));
    return Buffer.concat([head(4, bytes.length), bytes]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(5, v.length), v]);
  return Buffer.concat([head(6, v.length), ...v.map(referenceEncoding)]);
}

describe('encodeCanonical', () => {
  it('writes exactly the bytes of the documented format', () => {
    const texts = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
    const anyValue = fc.oneof(value, fc.array(texts, { maxLength: 4 }), fc.integer({ min: -(2 ** 53) + 1 }));
    fc.assert(
      fc.property(anyValue, (v) => {
        expect(Buffer.from(encodeCanonical(v)).toString('hex')).toBe(referenceEncoding(v).toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });

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

  it('writes values larger than its scratch buffer, and long texts, exactly', () => {
    const hex = (v: CanonicalValue) => Buffer.from(encodeCanonical(v)).toString('hex');
    const big: CanonicalValue[] = [
      'a'.repeat(70),
      'é'.repeat(70),
      `${'x'.repeat(5000)}\u{1F511}\ud800`,
      new Uint8Array(300_000).fill(9),
      Array.from({ length: 2000 }, (_, i) => [i, `k${i}`]),
    ];
    for (const v of big) expect(hex(v)).toBe(referenceEncoding(v).toString('hex'));
    // After an unusually large value, small ones still encode right.
    expect(hex(['after', 1])).toBe(referenceEncoding(['after', 1]).toString('hex'));
  });

  it('starts over cleanly after a refused value', () => {
    expect(() => encodeCanonical(['ok', [1, 2 ** 60]])).toThrow(CanonicalEncodingError);
    expect(() => encodeCanonical([{} as unknown as CanonicalValue])).toThrow(CanonicalEncodingError);
    expect(Buffer.from(encodeCanonical(['x'])).toString('hex')).toBe(
      referenceEncoding(['x']).toString('hex'),
    );
  });

  it('gives a nested encoding its own writer', () => {
    const outer = encodeCanonicalWith((w) => {
      w.list(2).text('outer');
      // An encoding made while another is being written (e.g. a digest of a part).
      const inner = encodeCanonical(['inner', 7]);
      w.bytes(inner);
    });
    const expected = referenceEncoding(['outer', referenceEncoding(['inner', 7])]);
    expect(Buffer.from(outer).toString('hex')).toBe(expected.toString('hex'));
  });
});
