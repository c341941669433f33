import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyCacheDetail, KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import {
  cachePolicy,
  clientCredentials,
  inspectStore,
  keyEntry,
  manualClock,
  T0,
} from './cache-test-support.ts';
import { createKeyCache, type KeyCacheOptions } from './key-cache.ts';
import { createMemoryKeyCacheStore } from './memory-key-cache-store.ts';

const detail = (maximumKeys: bigint, maximumDuration: bigint): KeyCacheDetail => ({
  maximumKeys,
  maximumDuration,
});

async function open(policies: KeyCacheOptions['policies'], extra: Partial<KeyCacheOptions> = {}) {
  const store = createMemoryKeyCacheStore();
  const clock = manualClock();
  const cache = await createKeyCache({ store, credentials: clientCredentials(0), clock, policies, ...extra });
  return { cache, store, clock };
}

describe('no caching without a policy that allows it', () => {
  it('no policies known: nothing is cached, refresh is due', async () => {
    const { cache, store } = await open(undefined);
    expect(cache.needsPolicyRefresh()).toBe(true);
    const put = await cache.put(keyEntry(1));
    expect(put).toMatchObject({ cached: false, requirement: 'SKSML-CLT-67' });
    expect(store.blobs.size).toBe(0);
    expect(await cache.get('10514-1-1')).toBeUndefined();
  });

  it('no policy for the key class (SKSML-CLT-69)', async () => {
    const { cache, store } = await open([cachePolicy({ keyClass: 'OTHER' })]);
    expect(await cache.put(keyEntry(1))).toMatchObject({ cached: false, requirement: 'SKSML-CLT-69' });
    expect(store.blobs.size).toBe(0);
  });

  it('an Inactive policy (SKSML-CLT-66)', async () => {
    const { cache, store } = await open([cachePolicy({ status: 'Inactive' })]);
    expect(await cache.put(keyEntry(1))).toMatchObject({ cached: false, requirement: 'SKSML-CLT-66' });
    expect(store.blobs.size).toBe(0);
  });

  it('a policy not yet in force, or no longer in force (SKSML-CLT-69)', async () => {
    const { cache, clock } = await open([
      cachePolicy({ startDate: '2025-03-01T12:10:00Z', endDate: '2025-03-01T13:00:00Z' }),
    ]);
    expect((await cache.put(keyEntry(1))).cached).toBe(false);
    clock.advance(600);
    expect((await cache.put(keyEntry(2))).cached).toBe(true);
    clock.set(Date.parse('2025-03-01T13:00:00Z'));
    expect(await cache.get('10514-1-2')).toBeUndefined();
    expect(await cache.list()).toEqual([]);
  });

  it('no NewKeysCacheDetail: new keys are refused, used keys cached (SKSML-CLT-67)', async () => {
    const { cache } = await open([cachePolicy({ newKeysCacheDetail: undefined })]);
    expect(await cache.put(keyEntry(1))).toMatchObject({ cached: false, requirement: 'SKSML-CLT-67' });
    expect((await cache.put(keyEntry(2, 'DEFAULT', { kind: 'used' }))).cached).toBe(true);
    expect((await cache.get('10514-1-2'))!.kind).toBe('used');
  });

  it('no UsedKeysCacheDetail: markUsed takes the key out of the cache (SKSML-CLT-67)', async () => {
    const { cache, store } = await open([cachePolicy({ usedKeysCacheDetail: undefined })]);
    expect((await cache.put(keyEntry(1))).cached).toBe(true);
    expect(await cache.markUsed('10514-1-1')).toMatchObject({ cached: false, requirement: 'SKSML-CLT-67' });
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(store.blobs.size).toBe(0);
    expect(await cache.markUsed('10514-1-1')).toMatchObject({ cached: false });
  });
});

describe('MaximumKeys and MaximumDuration (SKSML-CLT-68)', () => {
  it('evicts the oldest key of the same kind when full', async () => {
    const { cache, clock } = await open([cachePolicy({ newKeysCacheDetail: detail(3n, 3600n) })]);
    const evicted: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const put = await cache.put(keyEntry(i));
      if (put.cached) evicted.push(...put.evicted);
      clock.advance(1);
    }
    expect(evicted).toEqual(['10514-1-1', '10514-1-2']);
    expect((await cache.list()).map((e) => e.globalKeyId)).toEqual(['10514-1-3', '10514-1-4', '10514-1-5']);
  });

  it('new and used keys are limited separately, per class', async () => {
    const { cache, clock } = await open([
      cachePolicy({ newKeysCacheDetail: detail(1n, 3600n), usedKeysCacheDetail: detail(2n, 3600n) }),
      cachePolicy({ keyClass: 'B', keyCachePolicyId: { domainId: 10514n, localId: 2n } }),
    ]);
    await cache.put(keyEntry(1));
    clock.advance(1);
    await cache.put(keyEntry(2));
    clock.advance(1);
    await cache.put(keyEntry(3, 'B'));
    expect((await cache.list()).map((e) => e.globalKeyId)).toEqual(['10514-1-2', '10514-1-3']);
    expect((await cache.markUsed('10514-1-2')).cached).toBe(true);
    await cache.put(keyEntry(4));
    clock.advance(1);
    await cache.put(keyEntry(5, 'DEFAULT', { kind: 'used' }));
    clock.advance(1);
    await cache.put(keyEntry(6, 'DEFAULT', { kind: 'used' }));
    const list = await cache.list();
    expect(
      list.filter((e) => e.keyClass === 'DEFAULT' && e.kind === 'used').map((e) => e.globalKeyId),
    ).toEqual(['10514-1-5', '10514-1-6']);
    expect(
      list.filter((e) => e.keyClass === 'DEFAULT' && e.kind === 'new').map((e) => e.globalKeyId),
    ).toEqual(['10514-1-4']);
    expect(list.some((e) => e.globalKeyId === '10514-1-3')).toBe(true);
  });

  it('markUsed evicts the oldest used key when the used kind is full', async () => {
    const { cache, clock } = await open([cachePolicy({ usedKeysCacheDetail: detail(1n, 3600n) })]);
    await cache.put(keyEntry(1, 'DEFAULT', { kind: 'used' }));
    clock.advance(1);
    await cache.put(keyEntry(2));
    expect(await cache.markUsed('10514-1-2')).toMatchObject({ cached: true, evicted: ['10514-1-1'] });
    expect((await cache.list()).map((e) => [e.globalKeyId, e.kind])).toEqual([['10514-1-2', 'used']]);
  });

  it('entries expire MaximumDuration seconds after they were cached, counted from receipt', async () => {
    const { cache, clock, store } = await open([
      cachePolicy({ newKeysCacheDetail: detail(10n, 100n), usedKeysCacheDetail: detail(10n, 50n) }),
    ]);
    const put = await cache.put(keyEntry(1));
    expect(put.cached && put.expiresAt.getTime()).toBe(T0 + 100_000);
    await cache.put(keyEntry(2));
    clock.advance(40);
    await cache.markUsed('10514-1-2');
    clock.advance(9);
    expect(await cache.get('10514-1-2')).toBeDefined();
    clock.advance(1); // 50 s after receipt: the used-key limit is reached
    expect(await cache.get('10514-1-2')).toBeUndefined();
    clock.advance(49);
    expect((await cache.get('10514-1-1'))!.expiresAt.getTime()).toBe(T0 + 100_000);
    clock.advance(1);
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(store.blobs.size).toBe(0);
  });

  it('a key received longer ago than MaximumDuration is not cached', async () => {
    const { cache } = await open([cachePolicy({ newKeysCacheDetail: detail(10n, 100n) })]);
    const put = await cache.put(keyEntry(1, 'DEFAULT', { cachedAt: new Date(T0 - 100_000) }));
    expect(put).toMatchObject({ cached: false, requirement: 'SKSML-CLT-68' });
  });

  it('purgeExpired removes what expired and reports it', async () => {
    const { cache, clock, store } = await open([cachePolicy({ newKeysCacheDetail: detail(10n, 100n) })]);
    await cache.put(keyEntry(1));
    clock.advance(60);
    await cache.put(keyEntry(2));
    clock.advance(40);
    expect(await cache.purgeExpired()).toEqual(['10514-1-1']);
    expect([...store.blobs.keys()]).toEqual(['10514-1-2']);
    expect(await cache.purgeExpired()).toEqual([]);
  });
});

describe('policy refresh (SKSML-CLT-65)', () => {
  it('needsPolicyRefresh once PolicyCheckInterval has elapsed; setPolicies resets it', async () => {
    const { cache, clock } = await open([cachePolicy({ policyCheckInterval: 600 })]);
    expect(cache.needsPolicyRefresh()).toBe(false);
    clock.advance(599);
    expect(cache.needsPolicyRefresh()).toBe(false);
    clock.advance(1);
    expect(cache.needsPolicyRefresh()).toBe(true);
    await cache.setPolicies([cachePolicy({ policyCheckInterval: 600 })]);
    expect(cache.needsPolicyRefresh()).toBe(false);
  });

  it('new policies are enforced at once: lower limits evict the oldest, Inactive purges', async () => {
    const { cache, clock } = await open([cachePolicy()]);
    for (let i = 1; i <= 4; i++) {
      await cache.put(keyEntry(i));
      clock.advance(1);
    }
    expect(await cache.setPolicies([cachePolicy({ newKeysCacheDetail: detail(2n, 86400n) })])).toEqual([
      '10514-1-1',
      '10514-1-2',
    ]);
    expect((await cache.list()).map((e) => e.globalKeyId)).toEqual(['10514-1-3', '10514-1-4']);
    expect(await cache.setPolicies([cachePolicy({ status: 'Inactive' })])).toHaveLength(2);
    expect(await cache.list()).toEqual([]);
  });

  it('the fetch time given with the policies is used', async () => {
    const { cache } = await open({
      policies: [cachePolicy({ policyCheckInterval: 60 })],
      fetchedAt: new Date(T0 - 61_000),
    });
    expect(cache.needsPolicyRefresh()).toBe(true);
  });
});

const IDS = 5;

type Op =
  | { op: 'put'; id: number; cls: 'A' | 'B'; used: boolean; age: number }
  | { op: 'markUsed'; id: number }
  | { op: 'get'; id: number }
  | { op: 'advance'; seconds: number }
  | { op: 'policies'; newKeys: number; newDuration: number; usedKeys: number; usedDuration: number }
  | { op: 'purge' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('put' as const),
      id: fc.integer({ min: 1, max: IDS }),
      cls: fc.constantFrom('A' as const, 'B' as const),
      used: fc.boolean(),
      age: fc.integer({ min: 0, max: 200 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('markUsed' as const), id: fc.integer({ min: 1, max: IDS }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('get' as const), id: fc.integer({ min: 1, max: IDS }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('advance' as const), seconds: fc.integer({ min: 0, max: 120 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('policies' as const),
      newKeys: fc.integer({ min: 0, max: 4 }),
      newDuration: fc.integer({ min: 0, max: 300 }),
      usedKeys: fc.integer({ min: 0, max: 4 }),
      usedDuration: fc.integer({ min: 0, max: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'purge' as const }) },
);

function policiesFor(o: Extract<Op, { op: 'policies' }>): KeyCachePolicy[] {
  // A limit of 0 leaves the detail out (SKSML-MSG-117: omission is how caching is forbidden).
  const build = (keyClass: string, localId: bigint): KeyCachePolicy =>
    cachePolicy({
      keyClass,
      keyCachePolicyId: { domainId: 10514n, localId },
      newKeysCacheDetail:
        o.newKeys && o.newDuration ? detail(BigInt(o.newKeys), BigInt(o.newDuration)) : undefined,
      usedKeysCacheDetail:
        o.usedKeys && o.usedDuration ? detail(BigInt(o.usedKeys), BigInt(o.usedDuration)) : undefined,
    });
  return [build('A', 1n), build('B', 2n)];
}

describe('property: the cache never holds more than MaximumKeys nor returns a key older than MaximumDuration', () => {
  it('over random operation sequences with an injectable clock', async () => {
    const credentials = clientCredentials(0);
    let hits = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          op: fc.constant('policies' as const),
          newKeys: fc.integer({ min: 1, max: 4 }),
          newDuration: fc.integer({ min: 1, max: 300 }),
          usedKeys: fc.integer({ min: 0, max: 4 }),
          usedDuration: fc.integer({ min: 0, max: 300 }),
        }),
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        async (initial, ops) => {
          const store = createMemoryKeyCacheStore();
          const clock = manualClock();
          let policy = initial;
          const cache = await createKeyCache({ store, credentials, clock, policies: policiesFor(policy) });
          const limits = (kind: 'new' | 'used') =>
            kind === 'new'
              ? { keys: policy.newDuration ? policy.newKeys : 0, seconds: policy.newDuration }
              : { keys: policy.usedDuration ? policy.usedKeys : 0, seconds: policy.usedDuration };
          for (const o of ops) {
            if (o.op === 'put')
              await cache.put(
                keyEntry(o.id, o.cls, {
                  kind: o.used ? 'used' : 'new',
                  cachedAt: new Date(clock.ms - o.age * 1000),
                }),
              );
            else if (o.op === 'markUsed') await cache.markUsed(`10514-1-${o.id}`);
            else if (o.op === 'advance') clock.advance(o.seconds);
            else if (o.op === 'purge') await cache.purgeExpired();
            else if (o.op === 'policies') {
              policy = o;
              await cache.setPolicies(policiesFor(o));
            } else await cache.get(`10514-1-${o.id}`);
            // Whatever get returns is within the policy in force now (SKSML-CLT-67, SKSML-CLT-68).
            for (let id = 1; id <= IDS; id++) {
              const got = await cache.get(`10514-1-${id}`);
              if (got === undefined) continue;
              hits += 1;
              const { keys, seconds } = limits(got.kind);
              expect(keys).toBeGreaterThan(0);
              expect(clock.ms - got.cachedAt.getTime()).toBeLessThan(seconds * 1000);
              expect(got.expiresAt.getTime()).toBeLessThanOrEqual(got.cachedAt.getTime() + seconds * 1000);
            }
            // At rest, never more than MaximumKeys of a kind per class (0 when the kind is not cacheable).
            const atRest = inspectStore(store, credentials);
            for (const cls of ['A', 'B'])
              for (const kind of ['new', 'used'] as const)
                expect(
                  atRest.filter((e) => e.keyClass === cls && e.kind === kind).length,
                ).toBeLessThanOrEqual(limits(kind).keys);
          }
          for (const e of await cache.list()) {
            expect(clock.ms - e.cachedAt.getTime()).toBeLessThan(limits(e.kind).seconds * 1000);
          }
          cache.close();
        },
      ),
      { numRuns: 60 },
    );
    // The sequences do reach cached keys (the property is not vacuous).
    expect(hits).toBeGreaterThan(100);
  });
});

describe('the usage ledger keeps the state when the entry leaves (SKSML-CLT-142)', () => {
  const first = { firstUseAt: new Date(T0), encryptionsPerformed: 1n };

  it('updateState of a new key turned used, no UsedKeysCacheDetail: dropped, state kept', async () => {
    const { cache, store } = await open([cachePolicy({ usedKeysCacheDetail: undefined })]);
    expect((await cache.put(keyEntry(1))).cached).toBe(true);
    expect(await cache.updateState('10514-1-1', first)).toMatchObject({
      cached: false,
      requirement: 'SKSML-CLT-67',
    });
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(store.blobs.size).toBe(0);
    expect(cache.getState('10514-1-1')).toEqual(first);
    cache.close();
    const reopened = await createKeyCache({ store, credentials: clientCredentials(0), clock: manualClock() });
    expect(reopened.getState('10514-1-1')).toEqual(first);
    // A later re-fetch resumes it: it is a used key, which this policy does not cache.
    expect((await reopened.put(keyEntry(1))).cached).toBe(false);
    expect(reopened.getState('10514-1-1')).toEqual(first);
  });

  it('the state may still only move forward after the entry left', async () => {
    const { cache } = await open([cachePolicy({ usedKeysCacheDetail: undefined })]);
    await cache.put(keyEntry(1));
    await cache.updateState('10514-1-1', { ...first, encryptionsPerformed: 3n });
    await expect(cache.updateState('10514-1-1', first)).rejects.toMatchObject({
      code: 'CACHE_STATE_REGRESSION',
    });
    expect(cache.getState('10514-1-1')?.encryptionsPerformed).toBe(3n);
  });

  it('put refused by the policy still records the state handed in with the key', async () => {
    const { cache, store } = await open([cachePolicy({ usedKeysCacheDetail: undefined })]);
    expect((await cache.put(keyEntry(2, 'DEFAULT', { state: first }))).cached).toBe(false);
    expect(cache.getState('10514-1-2')).toEqual(first);
    const reopened = await createKeyCache({ store, credentials: clientCredentials(0), clock: manualClock() });
    expect(reopened.getState('10514-1-2')).toEqual(first);
  });

  it('updateState of an entry that fails verification: dropped, state kept', async () => {
    const { cache, store } = await open([cachePolicy()], { decryptOn: 'get' });
    await cache.put(keyEntry(3));
    const blob = store.blobs.get('10514-1-3');
    if (blob === undefined) throw new Error('no entry written');
    const damaged = new Uint8Array(blob);
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 1;
    store.blobs.set('10514-1-3', damaged);
    expect((await cache.updateState('10514-1-3', first)).cached).toBe(false);
    expect(cache.getState('10514-1-3')).toEqual(first);
    const reopened = await createKeyCache({ store, credentials: clientCredentials(0), clock: manualClock() });
    expect(reopened.getState('10514-1-3')).toEqual(first);
  });

  it('property: whatever the policy, the last recorded state is what getState returns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
        async (withNew, withUsed, steps) => {
          const { cache, store } = await open([
            cachePolicy({
              ...(withNew ? {} : { newKeysCacheDetail: undefined }),
              ...(withUsed ? {} : { usedKeysCacheDetail: undefined }),
            }),
          ]);
          await cache.put(keyEntry(4));
          let count = 0n;
          for (const step of steps) {
            count += BigInt(step);
            await cache.updateState('10514-1-4', { firstUseAt: new Date(T0), encryptionsPerformed: count });
          }
          const expected = { firstUseAt: new Date(T0), encryptionsPerformed: count };
          expect(cache.getState('10514-1-4')).toEqual(expected);
          cache.close();
          const again = await createKeyCache({
            store,
            credentials: clientCredentials(0),
            clock: manualClock(),
          });
          expect(again.getState('10514-1-4')).toEqual(expected);
          again.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
