/**
 * The escrow_blobs column value: the canonical encoding of [[escrowKeyId, blob], ...], decoded
 * strictly (anything the encoder cannot have written is refused).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../integrity/canonical-encoding.ts';
import { decodeEscrowBlobs, encodeEscrowBlobs } from './escrow-blobs.ts';

const pairs = fc.array(
  fc.record({
    escrowKeyId: fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 20 })),
    blob: fc.uint8Array({ minLength: 1, maxLength: 700 }),
  }),
  { maxLength: 5 },
);

describe('escrow blobs in the key row', () => {
  it('encodes as the canonical encoding of the pairs and decodes back (property)', () => {
    fc.assert(
      fc.property(pairs, (blobs) => {
        const encoded = encodeEscrowBlobs(blobs);
        expect(Buffer.from(encoded)).toEqual(
          Buffer.from(encodeCanonical(blobs.map((b) => [b.escrowKeyId, b.blob]))),
        );
        expect(decodeEscrowBlobs(encoded)).toEqual(blobs);
      }),
    );
  });

  it('returns copies of the blobs', () => {
    const encoded = encodeEscrowBlobs([{ escrowKeyId: 'a', blob: new Uint8Array([7]) }]);
    const [decoded] = decodeEscrowBlobs(encoded)!;
    decoded!.blob[0] = 8;
    expect(decodeEscrowBlobs(encoded)?.[0]?.blob).toEqual(new Uint8Array([7]));
  });

  it('refuses every strict prefix and any extra byte (property)', () => {
    fc.assert(
      fc.property(pairs, fc.nat(), fc.integer({ min: 0, max: 255 }), (blobs, cut, extra) => {
        const encoded = encodeEscrowBlobs(blobs);
        expect(decodeEscrowBlobs(encoded.subarray(0, cut % encoded.length))).toBeUndefined();
        expect(decodeEscrowBlobs(Uint8Array.from([...encoded, extra]))).toBeUndefined();
      }),
    );
  });

  it('refuses other shapes, empty blobs and text that is not UTF-8', () => {
    const refused = [
      encodeCanonical(null),
      encodeCanonical('a'),
      encodeCanonical([['a']]),
      encodeCanonical([['a', new Uint8Array([1]), 'x']]),
      encodeCanonical([[new Uint8Array([1]), 'a']]),
      encodeCanonical([['a', 'b']]),
      encodeCanonical([['a', new Uint8Array(0)]]),
      encodeCanonical([['a', new Uint8Array([1])], 'b']),
      // A text head whose one byte is not UTF-8.
      Uint8Array.from([6, 0, 0, 0, 1, 6, 0, 0, 0, 2, 4, 0, 0, 0, 1, 0xff, 5, 0, 0, 0, 1, 9]),
      // A count far beyond the bytes present.
      Uint8Array.from([6, 0xff, 0xff, 0xff, 0xff]),
    ];
    for (const bytes of refused) expect(decodeEscrowBlobs(bytes)).toBeUndefined();
    expect(decodeEscrowBlobs(encodeCanonical([]))).toEqual([]);
    const good = Uint8Array.from([6, 0, 0, 0, 1, 6, 0, 0, 0, 2, 4, 0, 0, 0, 1, 0x61, 5, 0, 0, 0, 1, 9]);
    expect(decodeEscrowBlobs(good)).toEqual([{ escrowKeyId: 'a', blob: new Uint8Array([9]) }]);
  });
});
