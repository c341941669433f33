/**
 * The KeyCachePolicy decisions the cache obeys, from protocol/policy (pure functions): which
 * policy governs a key class now, and whether a key of a kind may be held, until when.
 */
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { CachePolicyOptions, CachingDecision } from '../../protocol/policy/cache-types.ts';
import { decideCaching } from '../../protocol/policy/decide-caching.ts';
import { chooseCachePolicy } from '../../protocol/policy/select-cache-policy.ts';
import type { CachedKeyKind } from './cache-types.ts';

export interface GateInput {
  readonly keyClass: string;
  readonly kind: CachedKeyKind;
  readonly cachedAt: Date;
  /** Keys of this kind and class already held, not counting this one (0 to skip the count check). */
  readonly othersOfKind: number;
}

export interface GateDecision {
  readonly decision: CachingDecision;
  /** The policy in force (for MaximumKeys), when one is. */
  readonly policy?: KeyCachePolicy;
}

/** SKSML-CLT-66..69: no policy, an Inactive policy, or no detail for the kind ⇒ no caching. */
export function decideCacheEntry(
  policies: readonly KeyCachePolicy[] | undefined,
  input: GateInput,
  at: Date,
  options: CachePolicyOptions,
): GateDecision {
  if (policies === undefined)
    return {
      decision: {
        cache: false,
        code: 'NO_POLICY',
        reason: 'no key cache policies have been fetched yet',
        requirement: 'SKSML-CLT-67',
      },
    };
  const selection = chooseCachePolicy(policies, input.keyClass, at, options);
  if (selection.policy === undefined)
    return {
      decision: {
        cache: false,
        code: selection.code === 'STATUS_INACTIVE' ? 'STATUS_INACTIVE' : 'NO_POLICY',
        reason: selection.reason,
        requirement: selection.requirement,
      },
    };
  const counts =
    input.kind === 'new' ? { new: input.othersOfKind, used: 0 } : { new: 0, used: input.othersOfKind };
  const decision = decideCaching(
    selection.policy,
    { kind: input.kind, cachedAt: input.cachedAt },
    counts,
    at,
    options,
  );
  return { decision, policy: selection.policy };
}

/** MaximumKeys for the kind under `policy`, or 0n when the kind may not be cached. */
export function maximumKeysOf(policy: KeyCachePolicy | undefined, kind: CachedKeyKind): bigint {
  const detail = kind === 'new' ? policy?.newKeysCacheDetail : policy?.usedKeysCacheDetail;
  return detail?.maximumKeys ?? 0n;
}
