/** Sequence blocks in memory: each value of a block comes out once, in order; rollbacks drop blocks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingBlocks, SequenceBlocks } from './sequence-blocks.ts';

describe('SequenceBlocks and PendingBlocks', () => {
  it('hand out every value of the blocks they hold exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ start: fc.integer({ min: 1, max: 1000 }), size: fc.integer({ min: 1, max: 5 }) }),
          {
            maxLength: 6,
          },
        ),
        fc.array(fc.constantFrom('a', 'b'), { maxLength: 40 }),
        (blocks, takes) => {
          // Disjoint blocks, as sequence rows produce them.
          let next = 1n;
          const pending = new PendingBlocks();
          const expected = new Set<string>();
          blocks.forEach((b, i) => {
            const key = i % 2 === 0 ? 'a' : 'b';
            const first = next + BigInt(b.start);
            const last = first + BigInt(b.size) - 1n;
            next = last + 1n;
            pending.add(key, { next: first, last });
            for (let v = first; v <= last; v++) expected.add(`${key}:${v}`);
          });
          const shared = new SequenceBlocks(64);
          shared.publish(pending.drain());
          const seen = new Set<string>();
          for (const key of takes) {
            const value = shared.take(key);
            if (value === undefined) continue;
            const id = `${key}:${value}`;
            expect(seen.has(id)).toBe(false);
            expect(expected.has(id)).toBe(true);
            seen.add(id);
          }
          for (const key of ['a', 'b'])
            for (let v = shared.take(key); v !== undefined; v = shared.take(key)) seen.add(`${key}:${v}`);
          expect(seen).toEqual(expected);
        },
      ),
    );
  });

  it('drop blocks reserved after a savepoint mark when it rolls back', () => {
    const pending = new PendingBlocks();
    pending.add('k', { next: 2n, last: 3n });
    const mark = pending.mark();
    pending.add('k', { next: 66n, last: 70n });
    expect(pending.take('k')).toBe(2n);
    pending.rollbackTo(mark);
    expect(pending.take('k')).toBe(3n);
    expect(pending.take('k')).toBeUndefined();
    expect(pending.drain()).toHaveLength(1);
    expect(pending.drain()).toHaveLength(0);
  });

  it('refuses a block size that is not a positive integer', () => {
    expect(() => new SequenceBlocks(0)).toThrow(RangeError);
    expect(() => new SequenceBlocks(1.5)).toThrow(RangeError);
  });
});
