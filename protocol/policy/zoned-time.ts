/**
 * The wall-clock reading of an instant in a time zone: calendar date, day of week and second of
 * the day. PermittedDates, PermittedDays and PermittedTimes carry no zone; the client evaluates
 * them in its configured zone, UTC by default (SKSML-CLT-101).
 */
import { PolicyError, requireInstant } from './policy-error.ts';

/** The zone used when the caller configures none (SKSML-CLT-101). */
export const DEFAULT_TIME_ZONE = 'UTC';

export interface ZonedTime {
  /** Proleptic Gregorian year; 0 is 1 BC, as in ISO 8601. */
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekday: number;
  /** Whole seconds since the wall-clock midnight, 0..86399 (fractions are dropped). */
  readonly secondOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (cause) {
    throw new PolicyError('POLICY_INVALID_TIME_ZONE', `unknown time zone ${JSON.stringify(timeZone)}`, {
      requirement: 'SKSML-CLT-101',
      cause,
    });
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/** Day of week of a proleptic Gregorian date, computed arithmetically (0 = Sunday). */
export function computeWeekday(year: number, month: number, day: number): number {
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  return probe.getUTCDay();
}

/** Throws PolicyError when `timeZone` is not a zone Intl.DateTimeFormat knows. */
export function checkTimeZone(timeZone: string): void {
  if (typeof timeZone !== 'string' || timeZone === '')
    throw new PolicyError('POLICY_INVALID_TIME_ZONE', 'the time zone must be a non-empty IANA name', {
      requirement: 'SKSML-CLT-101',
    });
  formatterFor(timeZone);
}

/** Reads `at` on the wall clock of `timeZone` (an IANA name such as `Europe/Berlin`; default UTC). */
export function readZonedTime(at: Date, timeZone: string = DEFAULT_TIME_ZONE): ZonedTime {
  const ms = requireInstant(at, 'the evaluation instant');
  if (timeZone === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      weekday: d.getUTCDay(),
      secondOfDay: d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds(),
    };
  }
  checkTimeZone(timeZone);
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    const value = part === undefined ? Number.NaN : Number(part.value);
    if (!Number.isInteger(value))
      throw new PolicyError(
        'POLICY_INVALID_INSTANT',
        `cannot read the ${type} of the instant in ${timeZone}`,
      );
    return value;
  };
  const era = parts.find((p) => p.type === 'era')?.value;
  const yearOfEra = field('year');
  const year = era === 'BC' || era === 'B' ? 1 - yearOfEra : yearOfEra;
  const month = field('month');
  const day = field('day');
  return {
    year,
    month,
    day,
    weekday: computeWeekday(year, month, day),
    secondOfDay: field('hour') * 3600 + field('minute') * 60 + field('second'),
  };
}

/** The date as a sortable number YYYYMMDD (negative for years before 1 AD). */
export function dateNumberOf(z: Pick<ZonedTime, 'year' | 'month' | 'day'>): number {
  return z.year * 10000 + z.month * 100 + z.day;
}
