import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDer,
  DerError,
  encodeNamedBits,
  encodeOid,
  encodeSequence,
  encodeSmallInteger,
  encodeTime,
  encodeOctetString,
  readBitString,
  readChildren,
  readOid,
  readSmallInteger,
  readTime,
  TAG,
} from './der.ts';

describe('DER writer and reader', () => {
  it('OIDs round-trip (property) and match known encodings', () => {
    expect(Buffer.from(encodeOid('1.2.840.113549.1.1.11')).toString('hex')).toBe('06092a864886f70d01010b');
    expect(Buffer.from(encodeOid('2.5.29.15')).toString('hex')).toBe('0603551d0f');
    const oid = fc
      .tuple(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 39 }),
        fc.array(fc.nat({ max: 2 ** 40 }), { maxLength: 8 }),
      )
      .map(([a, b, rest]) => [a, b, ...rest].join('.'));
    fc.assert(
      fc.property(oid, (o) => {
        expect(readOid(decodeDer(encodeOid(o)))).toBe(o);
      }),
    );
  });

  it('integers and long lengths round-trip', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (n) => {
        expect(readSmallInteger(decodeDer(encodeSmallInteger(n)))).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const node = decodeDer(encodeSequence(encodeOctetString(bytes)));
        expect(Buffer.from(readChildren(node)[0]!.content)).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 20 },
    );
  });

  it('named bit strings drop trailing zero bits and round-trip', () => {
    expect(Buffer.from(encodeNamedBits([0, 2])).toString('hex')).toBe('030205a0'); // digitalSignature+keyEncipherment
    expect(Buffer.from(encodeNamedBits([5, 6])).toString('hex')).toBe('03020106'); // keyCertSign+cRLSign
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { maxLength: 16 }), (bits) => {
        const read = readBitString(decodeDer(encodeNamedBits(bits))).bits;
        expect(read.flatMap((b, i) => (b ? [i] : []))).toEqual([...bits].sort((a, b) => a - b));
        if (read.length > 0) expect(read[read.length - 1]).toBe(true);
      }),
    );
  });

  it('times round-trip at whole seconds, UTCTime before 2050 and GeneralizedTime after', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(9999, 0, 1) / 1000 }), (s) => {
        const d = new Date(s * 1000);
        const enc = encodeTime(d);
        expect(enc[0]).toBe(d.getUTCFullYear() < 2050 ? TAG.UTC_TIME : TAG.GENERALIZED_TIME);
        expect(readTime(decodeDer(enc)).getTime()).toBe(d.getTime());
      }),
    );
  });

  it('refuses indefinite or non-minimal lengths, truncation, trailing bytes and impossible dates', () => {
    const bad = ['3080', '30810100', '300300', '30000000', '02', '170d3231303233303030303030305a'];
    for (const hex of bad) expect(() => readTime(decodeDer(Buffer.from(hex, 'hex')))).toThrow(DerError);
  });
});
