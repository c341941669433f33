import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyError } from './policy-error.ts';
import { SAMPLE_TIME_ZONES, referenceWallClock } from './test-support.ts';
import { computeWeekday, dateNumberOf, readZonedTime, type ZonedTime } from './zoned-time.ts';

function show(z: ZonedTime): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const s = z.secondOfDay;
  return `${String(z.year).padStart(4, '0')}-${p(z.month)}-${p(z.day)} ${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)} w${z.weekday}`;
}

describe('readZonedTime (SKSML-CLT-101)', () => {
  it('defaults to UTC', () => {
    expect(show(readZonedTime(new Date('2024-06-05T23:59:59.999Z')))).toBe('2024-06-05 23:59:59 w3');
  });

  it('follows daylight saving time on the wall clock', () => {
    // Spring forward in New York on 2024-03-10 at 02:00 EST (07:00Z).
    expect(show(readZonedTime(new Date('2024-03-10T06:59:59Z'), 'America/New_York'))).toBe(
      '2024-03-10 01:59:59 w0',
    );
    expect(show(readZonedTime(new Date('2024-03-10T07:00:00Z'), 'America/New_York'))).toBe(
      '2024-03-10 03:00:00 w0',
    );
    // Fall back on 2024-11-03: 01:30 occurs twice.
    expect(show(readZonedTime(new Date('2024-11-03T05:30:00Z'), 'America/New_York'))).toBe(
      '2024-11-03 01:30:00 w0',
    );
    expect(show(readZonedTime(new Date('2024-11-03T06:30:00Z'), 'America/New_York'))).toBe(
      '2024-11-03 01:30:00 w0',
    );
  });

  it('reads dates on both sides of the date line', () => {
    const at = new Date('2024-01-01T00:00:00Z');
    expect(show(readZonedTime(at, 'Pacific/Kiritimati'))).toBe('2024-01-01 14:00:00 w1');
    expect(show(readZonedTime(at, 'Pacific/Pago_Pago'))).toBe('2023-12-31 13:00:00 w0');
    expect(show(readZonedTime(at, 'Asia/Kathmandu'))).toBe('2024-01-01 05:45:00 w1');
  });

  it('reads years before 1 AD as ISO years (1 BC = year 0)', () => {
    const at = new Date(0);
    at.setUTCFullYear(0, 11, 31);
    at.setUTCHours(12, 0, 0, 0);
    const z = readZonedTime(at, 'Europe/Paris');
    expect([z.year, z.month, z.day]).toEqual([0, 12, 31]);
    expect(z.weekday).toBe(computeWeekday(0, 12, 31));
  });

  it('refuses unknown zones and invalid instants with PolicyError', () => {
    expect(() => readZonedTime(new Date(), 'Mars/Olympus_Mons')).toThrow(PolicyError);
    expect(() => readZonedTime(new Date(Number.NaN))).toThrow(PolicyError);
    expect(() => readZonedTime(new Date(), '')).toThrow(PolicyError);
  });

  it('orders date numbers like the calendar', () => {
    expect(dateNumberOf({ year: -1, month: 12, day: 31 })).toBeLessThan(
      dateNumberOf({ year: 0, month: 1, day: 1 }),
    );
    expect(dateNumberOf({ year: 2024, month: 2, day: 29 })).toBe(20240229);
  });

  it('agrees with locale formatting by Intl in every sample zone (property)', () => {
    const instant = fc
      .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, fc.constantFrom(...SAMPLE_TIME_ZONES), (at, zone) => {
        const z = readZonedTime(at, zone);
        const ref = referenceWallClock(at, zone);
        expect(show(z)).toBe(`${ref.date} ${ref.time} w${ref.weekday}`);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the Date UTC getters in UTC (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (at) => {
          const z = readZonedTime(at, 'UTC');
          const viaIntl = readZonedTime(at, 'Etc/UTC');
          expect(viaIntl).toEqual(z);
          expect(z.weekday).toBe(at.getUTCDay());
        },
      ),
      { numRuns: 300 },
    );
  });
});
