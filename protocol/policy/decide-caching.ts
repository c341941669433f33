/**
 * May the client hold this key in its cache now, and until when? (SKSML-CLT-66..69,
 * SKSML-CLT-114.) Call it when a key arrives, when a new key becomes a used key, and whenever the
 * cache is swept; a `cache: false` answer means the key must be dropped from the cache.
 */
import type { KeyCachePolicy } from '../model/key-cache-policy.ts';
import type { CacheCounts, CacheEntry, CachePolicyOptions, CachingDecision } from './cache-types.ts';
import { PolicyError, requireInstant } from './policy-error.ts';
import { isEffectiveAt, readEffectivePeriod } from './select-cache-policy.ts';

/** Largest epoch millisecond a Date can hold. */
const MAX_DATE_MS = 8_640_000_000_000_000n;

function refuse(code: CachingDecision['code'], reason: string, requirement: string): CachingDecision {
  return { cache: false, code, reason, requirement };
}

function checkCounts(counts: CacheCounts): void {
  for (const kind of ['new', 'used'] as const) {
    const n = counts[kind];
    if (!Number.isSafeInteger(n) || n < 0)
      throw new PolicyError(
        'POLICY_INVALID_ARGUMENT',
        `the ${kind}-key count must be an integer of at least 0`,
        {
          requirement: 'SKSML-CLT-68',
        },
      );
  }
}

export function decideCaching(
  policy: KeyCachePolicy | undefined,
  entry: CacheEntry,
  cacheCounts: CacheCounts,
  at: Date,
  options: CachePolicyOptions = {},
): CachingDecision {
  const atMs = requireInstant(at, 'the decision instant');
  const cachedAtMs = requireInstant(entry.cachedAt, 'the cache entry time');
  if (entry.kind !== 'new' && entry.kind !== 'used')
    throw new PolicyError('POLICY_INVALID_ARGUMENT', "the entry kind must be 'new' or 'used'");
  checkCounts(cacheCounts);

  // SKSML-CLT-67: no policy, no cache detail, no caching.
  if (policy === undefined)
    return refuse('NO_POLICY', 'no key cache policy is in force for this key', 'SKSML-CLT-67');
  // SKSML-CLT-66
  if (policy.status === 'Inactive')
    return refuse('STATUS_INACTIVE', 'the key cache policy is Inactive', 'SKSML-CLT-66');
  const statusUsable =
    policy.status === 'Active' ||
    policy.status === 'Default' ||
    (policy.status === 'Other' && options.allowStatusOther === true);
  // SKSML-CLT-112
  if (!statusUsable)
    return refuse('STATUS_OTHER', 'the key cache policy Status is Other or unknown', 'SKSML-CLT-112');
  const period = readEffectivePeriod(policy);
  // SKSML-CLT-111
  if (period === null)
    return refuse(
      'POLICY_MALFORMED',
      'the key cache policy has an unreadable StartDate or EndDate',
      'SKSML-CLT-111',
    );
  // SKSML-CLT-69
  if (!isEffectiveAt(period, atMs))
    return refuse('NOT_EFFECTIVE', 'the key cache policy is not in force at this instant', 'SKSML-CLT-69');

  const detail = entry.kind === 'new' ? policy.newKeysCacheDetail : policy.usedKeysCacheDetail;
  // SKSML-CLT-67
  if (detail === undefined)
    return refuse(
      'NO_DETAIL',
      entry.kind === 'new'
        ? 'the policy has no NewKeysCacheDetail: keys not yet used for encryption are not cached'
        : 'the policy has no UsedKeysCacheDetail: keys used for encryption are not cached',
      'SKSML-CLT-67',
    );
  const { maximumKeys, maximumDuration } = detail;
  if (
    typeof maximumKeys !== 'bigint' ||
    typeof maximumDuration !== 'bigint' ||
    maximumKeys < 0n ||
    maximumDuration < 0n
  )
    // SKSML-CLT-111
    return refuse('POLICY_MALFORMED', 'the cache detail limits cannot be read', 'SKSML-CLT-111');
  // SKSML-CLT-68 (and SKSML-MSG-117): a zero limit forbids caching.
  if (maximumKeys === 0n || maximumDuration === 0n)
    return refuse('LIMIT_ZERO', `the ${entry.kind}-key cache limit is zero`, 'SKSML-CLT-68');
  // SKSML-CLT-114: a clock behind the cache time cannot prove the entry is still young enough.
  if (atMs < cachedAtMs)
    return refuse(
      'CLOCK_BEFORE_CACHED',
      'the clock is earlier than the time the key was cached',
      'SKSML-CLT-114',
    );
  // SKSML-CLT-68, SKSML-CLT-114: held for at most MaximumDuration seconds from cachedAt (exclusive end).
  const durationEndMs = BigInt(cachedAtMs) + maximumDuration * 1000n;
  if (BigInt(atMs) >= durationEndMs)
    return refuse(
      'EXPIRED',
      `the key has been cached for MaximumDuration (${maximumDuration} s)`,
      'SKSML-CLT-68',
    );
  // SKSML-CLT-68: at most MaximumKeys keys of this kind, this entry included.
  if (BigInt(cacheCounts[entry.kind]) >= maximumKeys)
    return refuse(
      'CACHE_FULL',
      `the cache already holds MaximumKeys (${maximumKeys}) ${entry.kind} keys`,
      'SKSML-CLT-68',
    );

  let expiresMs = durationEndMs < MAX_DATE_MS ? durationEndMs : MAX_DATE_MS;
  // SKSML-CLT-114: the decision lapses when the policy does; decide again then.
  if (period.endMs !== null && BigInt(period.endMs) < expiresMs) expiresMs = BigInt(period.endMs);
  return {
    cache: true,
    expiresAt: new Date(Number(expiresMs)),
    code: 'CACHE',
    reason: `the key may be cached as a ${entry.kind} key`,
    requirement: 'SKSML-CLT-68',
  };
}
