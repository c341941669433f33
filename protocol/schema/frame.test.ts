import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from './frame.ts';

describe('length-prefixed frames', () => {
  it('round-trips any texts however the byte stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (texts, cuts) => {
          const stream = Buffer.concat(texts.map((t) => encodeFrame(t)));
          const decoder = new FrameDecoder();
          const out: string[] = [];
          let at = 0;
          let i = 0;
          while (at < stream.length) {
            const size = cuts[i++ % cuts.length] as number;
            out.push(...decoder.push(stream.subarray(at, at + size)));
            at += size;
          }
          expect(out).toEqual(texts);
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
    );
  });

  it('rejects a header announcing an oversized frame', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0xffffffff, 0);
    expect(() => new FrameDecoder().push(header)).toThrow(RangeError);
  });
});
