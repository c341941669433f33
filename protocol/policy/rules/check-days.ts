/** PermittedDays, with Weekday = Monday-Friday and Weekend = Saturday, Sunday (SKSML-CLT-64, SKSML-CLT-103). */
import type { PermittedDays } from '../../model/key-use-policy.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { DAY_NAMES, readRestriction, violation, type RuleInput } from './rule-input.ts';

/** The weekdays (0 = Sunday) each PermittedDay value stands for (SKSML-CLT-103). */
export const WEEKDAYS_OF_PERMITTED_DAY: Readonly<Record<string, readonly number[]>> = {
  Sunday: [0],
  Monday: [1],
  Tuesday: [2],
  Wednesday: [3],
  Thursday: [4],
  Friday: [5],
  Saturday: [6],
  Weekday: [1, 2, 3, 4, 5],
  Weekend: [0, 6],
};

export function checkDays(permission: PermittedDays, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedDays', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const allowed = new Set<number>();
  for (const day of (permission as { days?: readonly string[] }).days ?? []) {
    const weekdays = Object.hasOwn(WEEKDAYS_OF_PERMITTED_DAY, day)
      ? WEEKDAYS_OF_PERMITTED_DAY[day]
      : undefined;
    if (weekdays === undefined)
      // SKSML-CLT-111
      return violation(
        'PermittedDays',
        'POLICY_VALUE_MALFORMED',
        'SKSML-CLT-111',
        'a PermittedDay is not a known day',
      );
    for (const w of weekdays) allowed.add(w);
  }
  const weekday = input.zoned().weekday;
  // SKSML-CLT-64, SKSML-CLT-103
  if (allowed.has(weekday)) return null;
  return violation(
    'PermittedDays',
    'NOT_PERMITTED',
    'SKSML-CLT-64',
    `${DAY_NAMES[weekday] ?? 'the day'} is not a permitted day`,
  );
}
