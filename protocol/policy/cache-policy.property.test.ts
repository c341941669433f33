import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeyCachePolicy } from '../testkit/builders.ts';
import type { CacheEntry } from './cache-types.ts';
import { decideCaching } from './decide-caching.ts';
import { selectCachePolicy } from './select-cache-policy.ts';

const BASE = Date.UTC(2024, 5, 5);
const RUNS = { numRuns: 300 };
const arbitraryDetail = fc.record({
  maximumKeys: fc.bigInt({ min: 0n, max: 8n }),
  maximumDuration: fc.bigInt({ min: 0n, max: 600n }),
});

describe('decideCaching (property)', () => {
  it('never allows more than MaximumKeys nor longer than MaximumDuration', () => {
    fc.assert(
      fc.property(
        arbitraryDetail,
        arbitraryDetail,
        fc.constantFrom<'new' | 'used'>('new', 'used'),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: -1000, max: 700_000 }),
        (newDetail, usedDetail, kind, held, ageMs) => {
          const policy = buildKeyCachePolicy({
            newKeysCacheDetail: newDetail,
            usedKeysCacheDetail: usedDetail,
          });
          const detail = kind === 'new' ? newDetail : usedDetail;
          const entry: CacheEntry = { kind, cachedAt: new Date(BASE) };
          const counts = { new: kind === 'new' ? held : 0, used: kind === 'used' ? held : 0 };
          const d = decideCaching(policy, entry, counts, new Date(BASE + ageMs));
          const within =
            BigInt(held) + 1n <= detail.maximumKeys &&
            ageMs >= 0 &&
            BigInt(ageMs) < detail.maximumDuration * 1000n;
          expect(d.cache).toBe(within);
          if (d.cache) {
            expect(d.expiresAt!.getTime()).toBeLessThanOrEqual(BASE + Number(detail.maximumDuration) * 1000);
            expect(d.expiresAt!.getTime()).toBeGreaterThan(BASE + ageMs);
          }
        },
      ),
      RUNS,
    );
  });

  it('a cache that admits keys through decideCaching never exceeds MaximumKeys', () => {
    fc.assert(
      fc.property(
        arbitraryDetail,
        fc.array(
          fc.record({
            kind: fc.constantFrom<'new' | 'used'>('new', 'used'),
            evict: fc.boolean(),
            stepMs: fc.nat(120_000),
          }),
          {
            maxLength: 30,
          },
        ),
        (detail, steps) => {
          const policy = buildKeyCachePolicy({ newKeysCacheDetail: detail, usedKeysCacheDetail: detail });
          let now = BASE;
          let cache: CacheEntry[] = [];
          for (const step of steps) {
            now += step.stepMs;
            // Sweep: keep only entries still allowed, each decided against the others of its kind.
            cache = cache.filter((e, i) => {
              const others = cache.filter((o, j) => j !== i && o.kind === e.kind).length;
              const counts = { new: e.kind === 'new' ? others : 0, used: e.kind === 'used' ? others : 0 };
              return decideCaching(policy, e, counts, new Date(now)).cache;
            });
            if (step.evict) cache.shift();
            const counts = {
              new: cache.filter((e) => e.kind === 'new').length,
              used: cache.filter((e) => e.kind === 'used').length,
            };
            const entry: CacheEntry = { kind: step.kind, cachedAt: new Date(now) };
            if (decideCaching(policy, entry, counts, new Date(now)).cache) cache.push(entry);
            for (const kind of ['new', 'used'] as const)
              expect(BigInt(cache.filter((e) => e.kind === kind).length)).toBeLessThanOrEqual(
                detail.maximumKeys,
              );
            for (const e of cache)
              expect(BigInt(now - e.cachedAt.getTime())).toBeLessThan(detail.maximumDuration * 1000n);
          }
        },
      ),
      RUNS,
    );
  });

  it('Inactive policies never allow caching', () => {
    fc.assert(
      fc.property(
        arbitraryDetail,
        fc.constantFrom<'new' | 'used'>('new', 'used'),
        fc.nat(1000),
        (detail, kind, age) => {
          const policy = buildKeyCachePolicy({
            status: 'Inactive',
            newKeysCacheDetail: detail,
            usedKeysCacheDetail: detail,
          });
          expect(selectCachePolicy([policy], 'DEFAULT', new Date(BASE + age))).toBeUndefined();
          expect(
            decideCaching(
              policy,
              { kind, cachedAt: new Date(BASE) },
              { new: 0, used: 0 },
              new Date(BASE + age),
            ).cache,
          ).toBe(false);
        },
      ),
      RUNS,
    );
  });
});
