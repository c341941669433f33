/**
 * Which KeyCachePolicy governs a KeyClass at an instant (SKSML-CLT-66, SKSML-CLT-69,
 * SKSML-CLT-113). No policy means no caching, so every doubt resolves to "none".
 */
import type { KeyCachePolicy } from '../model/key-cache-policy.ts';
import { readXsdDateTime } from './calendar-values.ts';
import type { CachePolicyOptions, CachePolicySelection } from './cache-types.ts';
import { requireInstant } from './policy-error.ts';

export interface EffectivePeriod {
  readonly startMs: number;
  /** null: open-ended (EndDate nil). */
  readonly endMs: number | null;
}

/** Reads StartDate/EndDate; null when either cannot be read (values without a zone are UTC). */
export function readEffectivePeriod(policy: KeyCachePolicy): EffectivePeriod | null {
  const startMs = readXsdDateTime(policy.startDate);
  if (startMs === null) return null;
  if (policy.endDate === null) return { startMs, endMs: null };
  const endMs = readXsdDateTime(policy.endDate);
  return endMs === null ? null : { startMs, endMs };
}

/** SKSML-CLT-69: in force from StartDate (inclusive) until EndDate (exclusive). */
export function isEffectiveAt(period: EffectivePeriod, atMs: number): boolean {
  return period.startMs <= atMs && (period.endMs === null || atMs < period.endMs);
}

/** The selection with its reason and requirement. */
export function chooseCachePolicy(
  policies: readonly KeyCachePolicy[],
  keyClass: string,
  at: Date,
  options: CachePolicyOptions = {},
): CachePolicySelection {
  const atMs = requireInstant(at, 'the selection instant');
  // SKSML-CLT-69: a policy governs only the keys of its own KeyClass (exact string).
  const ofClass = policies.filter((p) => p.keyClass === keyClass);
  if (ofClass.length === 0)
    return {
      code: 'NO_POLICY_FOR_CLASS',
      reason: 'no key cache policy names this key class',
      requirement: 'SKSML-CLT-69',
    };
  const effective: { policy: KeyCachePolicy; startMs: number }[] = [];
  for (const policy of ofClass) {
    const period = readEffectivePeriod(policy);
    if (period === null)
      // SKSML-CLT-111, SKSML-CLT-113: an unreadable policy for the class leaves its meaning open.
      return {
        code: 'POLICY_MALFORMED',
        reason: 'a key cache policy for this class has an unreadable StartDate or EndDate',
        requirement: 'SKSML-CLT-113',
      };
    if (isEffectiveAt(period, atMs)) effective.push({ policy, startMs: period.startMs });
  }
  if (effective.length === 0)
    return {
      code: 'NOT_EFFECTIVE',
      reason: 'no key cache policy for this class is in force at this instant',
      requirement: 'SKSML-CLT-69',
    };
  // SKSML-CLT-66: an Inactive policy in force forbids caching, whatever else is in force.
  if (effective.some((e) => e.policy.status === 'Inactive'))
    return {
      code: 'STATUS_INACTIVE',
      reason: 'the key cache policy in force is Inactive',
      requirement: 'SKSML-CLT-66',
    };
  const usable = effective.filter(
    (e) =>
      e.policy.status === 'Active' ||
      e.policy.status === 'Default' ||
      (e.policy.status === 'Other' && options.allowStatusOther === true),
  );
  if (usable.length < effective.length)
    // SKSML-CLT-112: Other (outside tests) or an unknown Status.
    return {
      code: 'STATUS_OTHER',
      reason: 'a key cache policy in force has Status Other or an unknown Status',
      requirement: 'SKSML-CLT-112',
    };
  // SKSML-CLT-113: a named (Active or test-enabled Other) policy overrides a Default one; then the
  // latest StartDate wins; a remaining tie is ambiguous.
  const named = usable.filter((e) => e.policy.status !== 'Default');
  const pool = named.length > 0 ? named : usable;
  const latest = Math.max(...pool.map((e) => e.startMs));
  const winners = pool.filter((e) => e.startMs === latest);
  const winner = winners[0];
  if (winner === undefined || winners.length > 1)
    return {
      code: 'AMBIGUOUS',
      reason: 'several key cache policies for this class are equally in force',
      requirement: 'SKSML-CLT-113',
    };
  return {
    policy: winner.policy,
    code: 'SELECTED',
    reason: `key cache policy ${winner.policy.keyCachePolicyId.domainId}-${winner.policy.keyCachePolicyId.localId} is in force`,
    requirement: 'SKSML-CLT-113',
  };
}

/** The KeyCachePolicy in force for `keyClass` at `at`, or undefined (then nothing is cached). */
export function selectCachePolicy(
  policies: readonly KeyCachePolicy[],
  keyClass: string,
  at: Date,
  options: CachePolicyOptions = {},
): KeyCachePolicy | undefined {
  return chooseCachePolicy(policies, keyClass, at, options).policy;
}
