/** PermittedDates: inclusive calendar-day ranges in the client's zone (SKSML-CLT-60, SKSML-CLT-101). */
import type { PermittedDates } from '../../model/key-use-policy.ts';
import { readPolicyDate } from '../calendar-values.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { dateNumberOf } from '../zoned-time.ts';
import { formatZonedDate, readRestriction, violation, type RuleInput } from './rule-input.ts';

export function checkDates(permission: PermittedDates, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedDates', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const ranges: [number, number][] = [];
  for (const range of (permission as { dates?: readonly { startDate: string; endDate: string }[] }).dates ??
    []) {
    const start = readPolicyDate(range.startDate);
    const end = readPolicyDate(range.endDate);
    if (start === null || end === null)
      // SKSML-CLT-111: a range that cannot be read restricts everything.
      return violation(
        'PermittedDates',
        'POLICY_VALUE_MALFORMED',
        'SKSML-CLT-111',
        'a PermittedDate cannot be read',
      );
    ranges.push([start, end]);
  }
  const zoned = input.zoned();
  const today = dateNumberOf(zoned);
  // SKSML-CLT-60: inside at least one inclusive range (a reversed range holds no day).
  if (ranges.some(([start, end]) => start <= today && today <= end)) return null;
  return violation(
    'PermittedDates',
    'NOT_PERMITTED',
    'SKSML-CLT-60',
    `${formatZonedDate(zoned)} is outside every permitted date range`,
  );
}
