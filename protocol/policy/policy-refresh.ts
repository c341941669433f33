/**
 * When the client must ask for the key cache policies again (SKSML-CLT-65, SKSML-CLT-115).
 * PolicyCheckInterval is read as a maximum age: once the interval has elapsed since the policies
 * were fetched, a new KeyCachePolicyRequest is due.
 */
import type { KeyCachePolicy } from '../model/key-cache-policy.ts';
import type { PolicyRefreshDecision } from './cache-types.ts';
import { PolicyError, requireInstant } from './policy-error.ts';

/** The draft's maximum PolicyCheckInterval, 30 days (SKSML-MSG-34). */
export const MAX_POLICY_CHECK_INTERVAL_SECONDS = 2_592_000;

function intervalOf(policy: KeyCachePolicy): number {
  const seconds = policy.policyCheckInterval;
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new PolicyError('POLICY_INVALID_ARGUMENT', 'PolicyCheckInterval must be an integer of at least 0', {
      requirement: 'SKSML-MSG-34',
    });
  // SKSML-CLT-115: a value above the draft's maximum is read as the maximum (refresh sooner, not later).
  return Math.min(seconds, MAX_POLICY_CHECK_INTERVAL_SECONDS);
}

/**
 * `policies`: the policies fetched at `fetchedAt` (one, or all of a KeyCachePolicyResponse: the
 * smallest interval governs); undefined or empty when the client holds none (then due at once).
 */
export function decidePolicyRefresh(
  fetchedAt: Date,
  policies: KeyCachePolicy | readonly KeyCachePolicy[] | undefined,
  at: Date,
): PolicyRefreshDecision {
  const fetchedMs = requireInstant(fetchedAt, 'the policy fetch time');
  const atMs = requireInstant(at, 'the decision instant');
  const list: readonly KeyCachePolicy[] =
    policies === undefined ? [] : Array.isArray(policies) ? policies : [policies as KeyCachePolicy];
  if (list.length === 0)
    // SKSML-CLT-115
    return {
      due: true,
      dueAt: new Date(fetchedMs),
      reason: 'no key cache policy is held',
      requirement: 'SKSML-CLT-115',
    };
  const seconds = Math.min(...list.map(intervalOf));
  const dueMs = fetchedMs + seconds * 1000;
  if (atMs < fetchedMs)
    // SKSML-CLT-115: a clock behind the fetch time cannot tell the age of the policies.
    return {
      due: true,
      dueAt: new Date(dueMs),
      reason: 'the clock is earlier than the time the policies were fetched',
      requirement: 'SKSML-CLT-115',
    };
  // SKSML-CLT-65: due once PolicyCheckInterval seconds have elapsed (inclusive); 0 ⇒ always due.
  const due = atMs >= dueMs;
  return {
    due,
    dueAt: new Date(dueMs),
    reason: due
      ? `PolicyCheckInterval (${seconds} s) has elapsed since the policies were fetched`
      : `PolicyCheckInterval (${seconds} s) has not yet elapsed`,
    requirement: 'SKSML-CLT-65',
  };
}

/** True when a new KeyCachePolicyRequest is due (see decidePolicyRefresh). */
export function isPolicyRefreshDue(
  fetchedAt: Date,
  policy: KeyCachePolicy | readonly KeyCachePolicy[] | undefined,
  at: Date,
): boolean {
  return decidePolicyRefresh(fetchedAt, policy, at).due;
}
