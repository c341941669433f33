/** What every KeyUsePolicy rule sees, and the helpers they share. */
import type {
  KeyUseOptions,
  KeyUseRequest,
  KeyUseRule,
  KeyUseState,
  KeyUseViolation,
  KeyUseViolationCode,
} from '../key-use-types.ts';
import type { ZonedTime } from '../zoned-time.ts';

export interface RuleInput {
  readonly request: KeyUseRequest;
  readonly state: KeyUseState;
  readonly options: KeyUseOptions;
  /** The request's instant on the wall clock of its zone (computed once, on demand). */
  readonly zoned: () => ZonedTime;
}

export function violation(
  rule: KeyUseRule,
  code: KeyUseViolationCode,
  requirement: string,
  reason: string,
): KeyUseViolation {
  return { rule, code, requirement, reason };
}

/**
 * Reads the `ekmi:any` switch of a permission: 'unrestricted', 'restricted', or a refusal when the
 * value is neither (a malformed policy object; SKSML-CLT-111).
 */
export function readRestriction(
  rule: KeyUseRule,
  permission: unknown,
): 'unrestricted' | 'restricted' | KeyUseViolation {
  const any = (permission as { any?: unknown } | null | undefined)?.any;
  if (any === true) return 'unrestricted';
  if (any === false) return 'restricted';
  // SKSML-CLT-111: an unreadable permission restricts everything.
  return violation(rule, 'POLICY_VALUE_MALFORMED', 'SKSML-CLT-111', `${rule} has no readable ekmi:any value`);
}

/** The names of the days in weekday order (0 = Sunday), as used in reasons. */
export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `HH:MM:SS` of a second of the day, for reasons. */
export function formatSecondOfDay(second: number): string {
  return `${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}`;
}

/** `YYYY-MM-DD` of a zoned date, for reasons. */
export function formatZonedDate(z: ZonedTime): string {
  return `${String(z.year).padStart(4, '0')}-${pad2(z.month)}-${pad2(z.day)}`;
}
