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

  it('rejects a nonsensical size', () => {
    expect(() => createReplayCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
