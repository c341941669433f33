/**
 * PermittedDuration: use is allowed while fewer than `seconds` seconds have passed since the
 * client's first use of the key; the instant firstUse + seconds is already outside
 * (SKSML-CLT-62, SKSML-CLT-104).
 */
import type { PermittedDuration } from '../../model/key-use-policy.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { readRestriction, violation, type RuleInput } from './rule-input.ts';

export function checkDuration(permission: PermittedDuration, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedDuration', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const seconds = (permission as { seconds?: unknown }).seconds;
  if (typeof seconds !== 'bigint' || seconds < 1n)
    // SKSML-CLT-111
    return violation(
      'PermittedDuration',
      'POLICY_VALUE_MALFORMED',
      'SKSML-CLT-111',
      'PermittedDuration cannot be read',
    );
  const firstUse = input.state.firstUseAt;
  if (firstUse === undefined) return null; // this use is the first one: the period starts now
  const elapsedMs = BigInt(input.request.at.getTime() - firstUse.getTime());
  if (elapsedMs < 0n)
    // SKSML-CLT-104: a clock behind the recorded first use cannot prove the period has not ended.
    return violation(
      'PermittedDuration',
      'CLOCK_BEFORE_FIRST_USE',
      'SKSML-CLT-104',
      'the clock is earlier than the recorded first use of the key',
    );
  // SKSML-CLT-62: half-open period [firstUse, firstUse + seconds).
  if (elapsedMs >= seconds * 1000n)
    return violation(
      'PermittedDuration',
      'LIMIT_REACHED',
      'SKSML-CLT-62',
      `the permitted duration of ${seconds} seconds from first use has ended`,
    );
  return null;
}
