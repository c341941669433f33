/** fast-check arbitraries of SKSML's simple values (strings, numbers, IDs, dates, bytes). */
import fc from 'fast-check';
import {
  MAX_ID_PART,
  type GlobalKeyID,
  type SymkeyRequestID,
  type TwoPartID,
} from '../../model/identifiers.ts';

/** One character allowed in XML 1.0 content, weighted towards ASCII but covering the whole range. */
export function arbitraryXmlChar(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 2, arbitrary: fc.constantFrom('\t', '\n', '\r', ' ', '&', '<', '>', '"', "'", ']]>', '--') },
    { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }).map((c) => String.fromCodePoint(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xfffd }).map((c) => String.fromCodePoint(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  );
}

/** Number of characters (Unicode code points), which is what XSD length facets count. */
export function countCharacters(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * A string of valid XML characters of at most `max` characters (code points), sometimes exactly
 * `max` long. `']]>'` and `'--'` count as several characters, so the length is re-checked.
 */
export function arbitraryXmlString(max: number, min = 0): fc.Arbitrary<string> {
  const unit = arbitraryXmlChar();
  return fc
    .oneof(
      { weight: 8, arbitrary: fc.string({ unit, minLength: min, maxLength: Math.min(max, 40) }) },
      { weight: 1, arbitrary: fc.string({ unit, minLength: min, maxLength: max }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: max, maxLength: max }) },
    )
    .map((s) => {
      const chars = [...s];
      return chars.length > max ? chars.slice(0, max).join('') : s;
    })
    .filter((s) => countCharacters(s) >= min);
}

/** An identifier part in `min`..2^64-1, with the edges (min, 1, 2^64-1) over-represented. */
export function arbitraryIdPart(min: bigint): fc.Arbitrary<bigint> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(min, min > 1n ? min : 1n, MAX_ID_PART, MAX_ID_PART - 1n) },
    { weight: 4, arbitrary: fc.bigInt({ min, max: 100000n }) },
    { weight: 4, arbitrary: fc.bigInt({ min, max: MAX_ID_PART }) },
  );
}

/** An unsigned value 0..2^64-1 (cache limits). */
export function arbitraryUint64(min = 0n): fc.Arbitrary<bigint> {
  return arbitraryIdPart(min);
}

export function arbitraryDomainId(): fc.Arbitrary<bigint> {
  return fc.oneof(fc.constant(10514n), arbitraryIdPart(1n));
}

/** A GlobalKeyID of an existing key (ServerID and KeyID non-zero). */
export function arbitraryExistingGlobalKeyID(): fc.Arbitrary<GlobalKeyID> {
  return fc.record({
    domainId: arbitraryDomainId(),
    serverId: arbitraryIdPart(1n),
    keyId: arbitraryIdPart(1n),
  });
}

/** The new-key sentinel `<DomainID>-0-0`. */
export function arbitraryNewKeyGlobalKeyID(): fc.Arbitrary<GlobalKeyID> {
  return arbitraryDomainId().map((domainId) => ({ domainId, serverId: 0n, keyId: 0n }));
}

/** A GlobalKeyID as it may appear in a request: an existing key or the new-key sentinel. */
export function arbitraryRequestedGlobalKeyID(): fc.Arbitrary<GlobalKeyID> {
  return fc.oneof(arbitraryExistingGlobalKeyID(), arbitraryNewKeyGlobalKeyID());
}

export function arbitrarySymkeyRequestID(): fc.Arbitrary<SymkeyRequestID> {
  return fc.record({
    domainId: arbitraryDomainId(),
    serverId: arbitraryIdPart(1n),
    requestId: arbitraryIdPart(1n),
  });
}

export function arbitraryTwoPartID(): fc.Arbitrary<TwoPartID> {
  return fc.record({ domainId: arbitraryDomainId(), localId: arbitraryIdPart(1n) });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function arbitraryCalendarDay(): fc.Arbitrary<CalendarDay> {
  return fc
    .record({
      year: fc.oneof(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 9999 })),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .map(({ year, month, day }) => ({ year, month, day: Math.min(day, daysInMonth(year, month)) }));
}

function formatDay(d: CalendarDay): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** `YYYY-MM-DD`, a real calendar date in years 0001..9999. */
export function arbitraryXsdDate(): fc.Arbitrary<string> {
  return arbitraryCalendarDay().map(formatDay);
}

/** Two dates with start <= end. */
export function arbitraryDateRange(): fc.Arbitrary<{ startDate: string; endDate: string }> {
  return fc
    .tuple(arbitraryXsdDate(), arbitraryXsdDate())
    .map(([a, b]) => (a <= b ? { startDate: a, endDate: b } : { startDate: b, endDate: a }));
}

/** `hh:mm:ss`, 00:00:00..23:59:59. */
export function arbitraryXsdTime(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m, s]) => `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`);
}

/** Two times of day with start <= end (no window crossing midnight). */
export function arbitraryTimeWindow(): fc.Arbitrary<{ startTime: string; endTime: string }> {
  return fc
    .tuple(arbitraryXsdTime(), arbitraryXsdTime())
    .map(([a, b]) => (a <= b ? { startTime: a, endTime: b } : { startTime: b, endTime: a }));
}

const ZONES = ['', 'Z', '+00:00', '-05:00', '+05:30', '+14:00', '-14:00'] as const;

/**
 * A pair of xsd:dateTime values with start <= end, written with the same time-zone suffix (so
 * their order is well defined): `YYYY-MM-DDThh:mm:ss[.fff][zone]`.
 */
export function arbitraryDateTimeRange(): fc.Arbitrary<{ startDate: string; endDate: string }> {
  const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2999, 11, 31, 23, 59, 59) });
  return fc
    .record({
      a: instant,
      b: instant,
      zone: fc.constantFrom(...ZONES),
      fraction: fc.constantFrom(0, 1, 3),
    })
    .map(({ a, b, zone, fraction }) => {
      const write = (ms: number): string => {
        const iso = new Date(ms).toISOString(); // YYYY-MM-DDThh:mm:ss.sssZ
        const base = iso.slice(0, 19);
        const frac = fraction === 0 ? '' : iso.slice(19, 20 + fraction);
        return `${base}${frac}${zone}`;
      };
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return { startDate: write(lo), endDate: write(hi) };
    });
}

/** One xsd:dateTime value. */
export function arbitraryXsdDateTime(): fc.Arbitrary<string> {
  return arbitraryDateTimeRange().map((r) => r.startDate);
}

function decimalOf(units: number, fractionDigits: number): string {
  const negative = units < 0;
  const digits = String(Math.abs(units)).padStart(fractionDigits + 1, '0');
  const whole = fractionDigits === 0 ? digits : digits.slice(0, -fractionDigits);
  const frac = fractionDigits === 0 ? '' : `.${digits.slice(-fractionDigits)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** A decimal in [-limit, limit] with 0..7 fraction digits (at most 10 digits in all). */
export function arbitraryCoordinate(limit: 90 | 180): fc.Arbitrary<string> {
  return fc
    .integer({ min: 0, max: 7 })
    .chain((k) => fc.integer({ min: -limit * 10 ** k, max: limit * 10 ** k }).map((u) => decimalOf(u, k)));
}

/** A Latitude/Longitude pair (always together, SKSML-MSG-27). */
export function arbitraryCoordinates(): fc.Arbitrary<{ latitude: string; longitude: string }> {
  return fc.record({ latitude: arbitraryCoordinate(90), longitude: arbitraryCoordinate(180) });
}

/** Bytes as a plain Uint8Array (not a Buffer), `min`..`max` long. */
export function arbitraryBytes(min: number, max: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    { weight: 9, arbitrary: fc.uint8Array({ minLength: min, maxLength: Math.min(max, 64) }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: max, maxLength: max }) },
  );
}
