import { describe, expect, it } from 'vitest';
import { buildKeyCachePolicy, buildSymkeyWorkInProgress } from '../testkit/builders.ts';
import type { CacheEntry } from './cache-types.ts';
import { decideCaching } from './decide-caching.ts';
import { PolicyError } from './policy-error.ts';
import { decidePolicyRefresh, isPolicyRefreshDue } from './policy-refresh.ts';
import { decidePoll, nextPollNotBefore } from './poll-interval.ts';
import { chooseCachePolicy, selectCachePolicy } from './select-cache-policy.ts';

const AT = new Date('2024-06-05T12:00:00Z');
const NONE = { new: 0, used: 0 };
const FRESH: CacheEntry = { kind: 'new', cachedAt: AT };

describe('selectCachePolicy (SKSML-CLT-66, SKSML-CLT-69, SKSML-CLT-113)', () => {
  it('picks the policy of the key class that is in force', () => {
    const a = buildKeyCachePolicy({ keyClass: 'A', keyCachePolicyId: { domainId: 10514n, localId: 1n } });
    const b = buildKeyCachePolicy({ keyClass: 'B', keyCachePolicyId: { domainId: 10514n, localId: 2n } });
    expect(selectCachePolicy([a, b], 'B', AT)).toBe(b);
    expect(chooseCachePolicy([a, b], 'C', AT)).toMatchObject({
      code: 'NO_POLICY_FOR_CLASS',
      requirement: 'SKSML-CLT-69',
    });
    expect(selectCachePolicy([a], 'a', AT)).toBeUndefined();
  });

  it('is in force from StartDate inclusive to EndDate exclusive; a nil EndDate is open', () => {
    const p = buildKeyCachePolicy({ startDate: '2024-06-05T12:00:00Z', endDate: '2024-06-06T00:00:00Z' });
    expect(selectCachePolicy([p], 'DEFAULT', AT)).toBe(p);
    expect(selectCachePolicy([p], 'DEFAULT', new Date(AT.getTime() - 1))).toBeUndefined();
    expect(selectCachePolicy([p], 'DEFAULT', new Date('2024-06-06T00:00:00Z'))).toBeUndefined();
    expect(selectCachePolicy([p], 'DEFAULT', new Date('2024-06-05T23:59:59.999Z'))).toBe(p);
    const open = buildKeyCachePolicy({ endDate: null });
    expect(selectCachePolicy([open], 'DEFAULT', new Date('9999-01-01T00:00:00Z'))).toBe(open);
  });

  it('reads zone-less dateTimes as UTC and honours offsets', () => {
    const p = buildKeyCachePolicy({ startDate: '2024-06-05T14:00:00+02:00' });
    expect(selectCachePolicy([p], 'DEFAULT', AT)).toBe(p);
    expect(selectCachePolicy([p], 'DEFAULT', new Date(AT.getTime() - 1))).toBeUndefined();
    const q = buildKeyCachePolicy({ startDate: '2024-06-05T12:00:00.001' });
    expect(selectCachePolicy([q], 'DEFAULT', AT)).toBeUndefined();
  });

  it('an Inactive policy in force means no policy', () => {
    const active = buildKeyCachePolicy();
    const inactive = buildKeyCachePolicy({
      status: 'Inactive',
      keyCachePolicyId: { domainId: 10514n, localId: 2n },
    });
    expect(chooseCachePolicy([active, inactive], 'DEFAULT', AT)).toMatchObject({
      code: 'STATUS_INACTIVE',
      requirement: 'SKSML-CLT-66',
    });
    expect(chooseCachePolicy([active, inactive], 'DEFAULT', AT).policy).toBeUndefined();
  });

  it('Active overrides Default; the latest StartDate wins; a tie is ambiguous', () => {
    const deflt = buildKeyCachePolicy({ status: 'Default', startDate: '2024-06-01T00:00:00Z' });
    const older = buildKeyCachePolicy({ startDate: '2024-01-01T00:00:00Z' });
    const newer = buildKeyCachePolicy({ startDate: '2024-03-01T00:00:00Z' });
    expect(selectCachePolicy([deflt], 'DEFAULT', AT)).toBe(deflt);
    expect(selectCachePolicy([deflt, older], 'DEFAULT', AT)).toBe(older);
    expect(selectCachePolicy([older, newer, deflt], 'DEFAULT', AT)).toBe(newer);
    const twin = buildKeyCachePolicy({ startDate: '2024-03-01T00:00:00Z' });
    expect(chooseCachePolicy([newer, twin], 'DEFAULT', AT)).toMatchObject({ code: 'AMBIGUOUS' });
  });

  it('Status Other and unreadable dates mean no policy', () => {
    const other = buildKeyCachePolicy({ status: 'Other' });
    expect(chooseCachePolicy([other], 'DEFAULT', AT)).toMatchObject({
      code: 'STATUS_OTHER',
      requirement: 'SKSML-CLT-112',
    });
    expect(selectCachePolicy([other], 'DEFAULT', AT, { allowStatusOther: true })).toBe(other);
    const bad = buildKeyCachePolicy({ startDate: '2024-13-01T00:00:00Z' });
    expect(chooseCachePolicy([buildKeyCachePolicy(), bad], 'DEFAULT', AT)).toMatchObject({
      code: 'POLICY_MALFORMED',
    });
  });
});

describe('decideCaching (SKSML-CLT-66..68, SKSML-CLT-114)', () => {
  const policy = buildKeyCachePolicy({
    newKeysCacheDetail: { maximumKeys: 2n, maximumDuration: 3600n },
    usedKeysCacheDetail: { maximumKeys: 5n, maximumDuration: 60n },
  });

  it('allows caching within the limits and gives the expiry', () => {
    const d = decideCaching(policy, FRESH, NONE, AT);
    expect(d).toMatchObject({ cache: true, code: 'CACHE', requirement: 'SKSML-CLT-68' });
    expect(d.expiresAt).toEqual(new Date(AT.getTime() + 3_600_000));
    const used = decideCaching(policy, { kind: 'used', cachedAt: AT }, NONE, AT);
    expect(used.expiresAt).toEqual(new Date(AT.getTime() + 60_000));
  });

  it('refuses without a policy, under Inactive or Other, and outside the policy period', () => {
    expect(decideCaching(undefined, FRESH, NONE, AT)).toMatchObject({
      cache: false,
      code: 'NO_POLICY',
      requirement: 'SKSML-CLT-67',
    });
    expect(decideCaching(buildKeyCachePolicy({ status: 'Inactive' }), FRESH, NONE, AT)).toMatchObject({
      cache: false,
      requirement: 'SKSML-CLT-66',
    });
    expect(decideCaching(buildKeyCachePolicy({ status: 'Other' }), FRESH, NONE, AT).cache).toBe(false);
    expect(
      decideCaching(buildKeyCachePolicy({ status: 'Other' }), FRESH, NONE, AT, { allowStatusOther: true })
        .cache,
    ).toBe(true);
    const later = buildKeyCachePolicy({ startDate: '2025-01-01T00:00:00Z' });
    expect(decideCaching(later, FRESH, NONE, AT)).toMatchObject({
      cache: false,
      code: 'NOT_EFFECTIVE',
      requirement: 'SKSML-CLT-69',
    });
  });

  it('refuses a kind whose detail is absent', () => {
    const noNew = buildKeyCachePolicy({ newKeysCacheDetail: undefined });
    expect(decideCaching(noNew, FRESH, NONE, AT)).toMatchObject({
      cache: false,
      code: 'NO_DETAIL',
      requirement: 'SKSML-CLT-67',
    });
    expect(decideCaching(noNew, { kind: 'used', cachedAt: AT }, NONE, AT).cache).toBe(true);
    const noUsed = buildKeyCachePolicy({ usedKeysCacheDetail: undefined });
    expect(decideCaching(noUsed, { kind: 'used', cachedAt: AT }, NONE, AT).code).toBe('NO_DETAIL');
  });

  it('a zero limit forbids caching', () => {
    for (const detail of [
      { maximumKeys: 0n, maximumDuration: 60n },
      { maximumKeys: 5n, maximumDuration: 0n },
    ]) {
      const p = buildKeyCachePolicy({ newKeysCacheDetail: detail });
      expect(decideCaching(p, FRESH, NONE, AT)).toMatchObject({ cache: false, code: 'LIMIT_ZERO' });
    }
  });

  it('counts keys separately for new and used keys', () => {
    expect(decideCaching(policy, FRESH, { new: 1, used: 0 }, AT).cache).toBe(true);
    expect(decideCaching(policy, FRESH, { new: 2, used: 0 }, AT)).toMatchObject({
      cache: false,
      code: 'CACHE_FULL',
    });
    expect(decideCaching(policy, { kind: 'used', cachedAt: AT }, { new: 2, used: 4 }, AT).cache).toBe(true);
  });

  it('MaximumDuration runs from cachedAt, exclusive end', () => {
    const used: CacheEntry = { kind: 'used', cachedAt: AT };
    expect(decideCaching(policy, used, NONE, new Date(AT.getTime() + 59_999)).cache).toBe(true);
    expect(decideCaching(policy, used, NONE, new Date(AT.getTime() + 60_000))).toMatchObject({
      cache: false,
      code: 'EXPIRED',
    });
    expect(decideCaching(policy, used, NONE, new Date(AT.getTime() - 1))).toMatchObject({
      cache: false,
      code: 'CLOCK_BEFORE_CACHED',
    });
  });

  it('the expiry never passes the policy EndDate', () => {
    const ending = buildKeyCachePolicy({ endDate: '2024-06-05T12:10:00Z' });
    expect(decideCaching(ending, FRESH, NONE, AT).expiresAt).toEqual(new Date('2024-06-05T12:10:00Z'));
  });

  it('clamps a huge MaximumDuration to the last representable Date', () => {
    const huge = buildKeyCachePolicy({
      newKeysCacheDetail: { maximumKeys: 1n, maximumDuration: 18446744073709551615n },
    });
    expect(decideCaching(huge, FRESH, NONE, AT).expiresAt?.getTime()).toBe(8.64e15);
  });

  it('throws PolicyError for unusable arguments', () => {
    expect(() => decideCaching(policy, FRESH, { new: -1, used: 0 }, AT)).toThrow(PolicyError);
    expect(() => decideCaching(policy, FRESH, { new: 0.5, used: 0 }, AT)).toThrow(PolicyError);
    expect(() => decideCaching(policy, { kind: 'new', cachedAt: new Date(Number.NaN) }, NONE, AT)).toThrow(
      PolicyError,
    );
    expect(() => decideCaching(policy, { kind: 'old' as never, cachedAt: AT }, NONE, AT)).toThrow(
      PolicyError,
    );
  });
});

describe('isPolicyRefreshDue (SKSML-CLT-65, SKSML-CLT-115)', () => {
  const policy = buildKeyCachePolicy({ policyCheckInterval: 3600 });

  it('is due once the interval has elapsed (inclusive)', () => {
    expect(isPolicyRefreshDue(AT, policy, new Date(AT.getTime() + 3_599_999))).toBe(false);
    expect(isPolicyRefreshDue(AT, policy, new Date(AT.getTime() + 3_600_000))).toBe(true);
    expect(decidePolicyRefresh(AT, policy, AT)).toMatchObject({ due: false, requirement: 'SKSML-CLT-65' });
    expect(decidePolicyRefresh(AT, policy, AT).dueAt).toEqual(new Date(AT.getTime() + 3_600_000));
  });

  it('0 is always due; the smallest interval of several policies governs', () => {
    expect(isPolicyRefreshDue(AT, buildKeyCachePolicy({ policyCheckInterval: 0 }), AT)).toBe(true);
    const short = buildKeyCachePolicy({ policyCheckInterval: 60 });
    expect(isPolicyRefreshDue(AT, [policy, short], new Date(AT.getTime() + 60_000))).toBe(true);
    expect(isPolicyRefreshDue(AT, [policy, short], new Date(AT.getTime() + 59_000))).toBe(false);
  });

  it('is due with no policy held, with a clock before the fetch, and caps the interval at 30 days', () => {
    expect(isPolicyRefreshDue(AT, undefined, AT)).toBe(true);
    expect(isPolicyRefreshDue(AT, [], AT)).toBe(true);
    expect(decidePolicyRefresh(AT, policy, new Date(AT.getTime() - 1))).toMatchObject({
      due: true,
      requirement: 'SKSML-CLT-115',
    });
    const tooLong = buildKeyCachePolicy({ policyCheckInterval: 9_999_999 });
    expect(isPolicyRefreshDue(AT, tooLong, new Date(AT.getTime() + 2_592_000_000))).toBe(true);
    expect(() => isPolicyRefreshDue(AT, buildKeyCachePolicy({ policyCheckInterval: -1 }), AT)).toThrow(
      PolicyError,
    );
  });
});

describe('nextPollNotBefore (SKSML-CLT-70, SKSML-CLT-116)', () => {
  const wip = (interval: number) =>
    buildSymkeyWorkInProgress(
      { domainId: 10514n, serverId: 0n, keyId: 0n },
      { domainId: 10514n, serverId: 1n, requestId: 9n },
      interval,
    );

  it('is RequestCheckInterval seconds after receipt; below 60 reads as 60', () => {
    expect(nextPollNotBefore(wip(300), AT)).toEqual(new Date(AT.getTime() + 300_000));
    expect(nextPollNotBefore(wip(5), AT)).toEqual(new Date(AT.getTime() + 60_000));
    expect(() => nextPollNotBefore(wip(1.5), AT)).toThrow(PolicyError);
  });

  it('decidePoll allows polling from notBefore on', () => {
    expect(decidePoll(wip(120), AT, new Date(AT.getTime() + 119_999))).toMatchObject({
      allowed: false,
      requirement: 'SKSML-CLT-70',
    });
    expect(decidePoll(wip(120), AT, new Date(AT.getTime() + 120_000)).allowed).toBe(true);
  });
});
