/** Inputs and outputs of the KeyCachePolicy decisions. */
import type { KeyCachePolicy } from '../model/key-cache-policy.ts';

export interface CachePolicyOptions {
  /** Test switch: treat Status `Other` as `Active` (SKSML-CLT-112). Never set in production. */
  readonly allowStatusOther?: boolean;
}

export type CachePolicySelectionCode =
  | 'SELECTED'
  | 'NO_POLICY_FOR_CLASS'
  | 'NOT_EFFECTIVE'
  | 'STATUS_INACTIVE'
  | 'STATUS_OTHER'
  | 'POLICY_MALFORMED'
  | 'AMBIGUOUS';

export interface CachePolicySelection {
  /** The policy in force, or undefined: no policy ⇒ no caching. */
  readonly policy?: KeyCachePolicy;
  readonly code: CachePolicySelectionCode;
  readonly reason: string;
  readonly requirement: string;
}

/** A key the client holds or is about to hold. */
export interface CacheEntry {
  /** 'new': not yet used for any encryption; 'used': used for at least one (SKSML-CLT-67). */
  readonly kind: 'new' | 'used';
  /** When the key was placed in the cache (received from the server); starts MaximumDuration (SKSML-CLT-114). */
  readonly cachedAt: Date;
}

/** Keys of each kind the cache holds under this policy, NOT counting the entry being decided. */
export interface CacheCounts {
  readonly new: number;
  readonly used: number;
}

export type CachingDecisionCode =
  | 'CACHE'
  | 'NO_POLICY'
  | 'STATUS_INACTIVE'
  | 'STATUS_OTHER'
  | 'NOT_EFFECTIVE'
  | 'NO_DETAIL'
  | 'LIMIT_ZERO'
  | 'EXPIRED'
  | 'CACHE_FULL'
  | 'CLOCK_BEFORE_CACHED'
  | 'POLICY_MALFORMED';

export interface CachingDecision {
  readonly cache: boolean;
  /** When `cache`: the instant from which the key must no longer be held (exclusive end). */
  readonly expiresAt?: Date;
  readonly code: CachingDecisionCode;
  readonly reason: string;
  readonly requirement: string;
}

export interface PolicyRefreshDecision {
  readonly due: boolean;
  /** The instant from which a new KeyCachePolicyRequest is due. */
  readonly dueAt: Date;
  readonly reason: string;
  readonly requirement: string;
}

export interface PollDecision {
  readonly allowed: boolean;
  readonly notBefore: Date;
  readonly reason: string;
  readonly requirement: string;
}
