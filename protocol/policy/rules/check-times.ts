/**
 * PermittedTimes: inclusive windows of whole seconds on the client's wall clock; a window whose
 * StartTime is after its EndTime crosses midnight (SKSML-CLT-61, SKSML-CLT-102, SKSML-MSG-111).
 */
import type { PermittedTimes } from '../../model/key-use-policy.ts';
import { readPolicyTime } from '../calendar-values.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { formatSecondOfDay, readRestriction, violation, type RuleInput } from './rule-input.ts';

/** True when `second` (0..86399) lies in the window [start, end], read across midnight if start > end. */
export function isInTimeWindow(second: number, start: number, end: number): boolean {
  // SKSML-CLT-102
  return start <= end ? start <= second && second <= end : second >= start || second <= end;
}

export function checkTimes(permission: PermittedTimes, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedTimes', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const windows: [number, number][] = [];
  for (const w of (permission as { times?: readonly { startTime: string; endTime: string }[] }).times ?? []) {
    const start = readPolicyTime(w.startTime);
    const end = readPolicyTime(w.endTime);
    if (start === null || end === null)
      // SKSML-CLT-111
      return violation(
        'PermittedTimes',
        'POLICY_VALUE_MALFORMED',
        'SKSML-CLT-111',
        'a PermittedTime cannot be read',
      );
    windows.push([start, end]);
  }
  const second = input.zoned().secondOfDay;
  // SKSML-CLT-61
  if (windows.some(([start, end]) => isInTimeWindow(second, start, end))) return null;
  return violation(
    'PermittedTimes',
    'NOT_PERMITTED',
    'SKSML-CLT-61',
    `${formatSecondOfDay(second)} is outside every permitted time window`,
  );
}
