import { describe, expect, it } from 'vitest';
import { createReplayCache } from './replay-cache.ts';

describe('replay cache', () => {
  it('reports a replay while the entry lives, and forgets it afterwards', () => {
    const cache = createReplayCache();
    expect(cache.remember('a', 1000, 0)).toBe('stored');
    expect(cache.remember('a', 1000, 999)).toBe('replay');
    expect(cache.remember('a', 2000, 1000)).toBe('stored');
    expect(cache.remember('b', 2000, 1000)).toBe('stored');
    expect(cache.size).toBe(2);
  });

  it('is bounded: it drops expired entries when full and refuses when all are live', () => {
    const cache = createReplayCache({ maxEntries: 3 });
    expect(cache.remember('a', 10, 0)).toBe('stored');
    expect(cache.remember('b', 100, 0)).toBe('stored');
    expect(cache.remember('c', 100, 0)).toBe('stored');
    expect(cache.remember('d', 100, 1)).toBe('full');
    expect(cache.remember('d', 100, 10)).toBe('stored'); // 'a' expired and was dropped
    expect(cache.size).toBe(3);
    expect(cache.remember('e', 200, 100)).toBe('stored');
    expect(cache.size).toBeLessThanOrEqual(3);
  });

  it('keeps exact millisecond expiries at real clock values (stored relative to its first use)', () => {
    const t = Date.UTC(2026, 10, 28, 12);
    const cache = createReplayCache({ maxEntries: 2 });
    expect(cache.remember('a', t + 600_000, t)).toBe('stored');
    expect(cache.remember('a', t + 600_000, t + 599_999)).toBe('replay');
    expect(cache.remember('b', t + 700_000, t + 599_999)).toBe('stored');
    expect(cache.remember('c', t + 700_000, t + 599_999)).toBe('full');
    // One millisecond later 'a' has expired: it is forgotten and its slot reused.
    expect(cache.remember('c', t + 700_000, t + 600_000)).toBe('stored');
    expect(cache.remember('a', t + 900_000, t + 600_000)).toBe('full');
    // An expiry before the cache's first use still works (negative offsets).
    const early = createReplayCache();
    expect(early.remember('x', t + 10, t + 20)).toBe('stored');
    expect(early.remember('x', t + 30, t + 21)).toBe('stored');
  });

  it('by default holds ten minutes of traffic at 1,600 requests per second', () => {
    const cache = createReplayCache();
    const t = 1_800_000_000_000;
    const rate = 1_600;
    let refused = 0;
    for (let i = 0; i < rate * 600; i++) {
      const now = t + Math.floor(i / rate) * 1000;
      if (cache.remember(`k${i}`, now + 600_000, now) !== 'stored') refused++;
    }
    expect(refused).toBe(0);
  });

  it('rejects a nonsensical size', () => {
    expect(() => createReplayCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
