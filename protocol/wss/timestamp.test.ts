import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFreshness, formatUtcDateTime, parseUtcDateTime } from './timestamp.ts';
import { WssError } from './wss-error.ts';

const policy = (nowMs: number) => ({ nowMs, maxSkewSeconds: 300, maxLifetimeSeconds: 300 });

function code(fn: () => void): string {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return e instanceof WssError ? e.code : 'OTHER';
  }
}

describe('UTC dateTime', () => {
  it('parses only UTC (Z) values that exist on the calendar', () => {
    expect(parseUtcDateTime('2026-02-28T23:59:59Z')).toBe(Date.UTC(2026, 1, 28, 23, 59, 59));
    expect(parseUtcDateTime('2026-02-28T23:59:59.1234567Z')).toBe(Date.UTC(2026, 1, 28, 23, 59, 59, 123));
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2026-02-28T24:00:00Z',
      '2026-02-28T23:59:59',
      '2026-02-28T23:59:59+01:00',
      '2026-2-28T23:59:59Z',
      ' 2026-02-28T23:59:59Z',
      '1969-12-31T23:59:59Z',
    ])
      expect(parseUtcDateTime(bad), bad).toBeNull();
  });

  it('property: format and parse round-trip at millisecond precision', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), (ms) => {
        expect(parseUtcDateTime(formatUtcDateTime(ms))).toBe(ms);
      }),
    );
  });
});

describe('checkFreshness', () => {
  const t = Date.UTC(2026, 0, 1);
  it('accepts a fresh window and refuses each broken rule with its own code', () => {
    expect(code(() => checkFreshness(t, t + 300_000, policy(t)))).toBe('OK');
    expect(code(() => checkFreshness(t, t, policy(t)))).toBe('WSS_TIMESTAMP_ORDER');
    expect(code(() => checkFreshness(t, t + 300_001, policy(t)))).toBe('WSS_LIFETIME_TOO_LONG');
    expect(code(() => checkFreshness(t + 300_001, t + 400_000, policy(t)))).toBe('WSS_CREATED_IN_FUTURE');
    expect(code(() => checkFreshness(t + 300_000, t + 400_000, policy(t)))).toBe('OK');
    expect(code(() => checkFreshness(t - 500_000, t - 300_000, policy(t)))).toBe('WSS_EXPIRED');
    expect(code(() => checkFreshness(t - 500_000, t - 299_999, policy(t)))).toBe('OK');
  });

  it('property: whatever the window, an accepted one satisfies every rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2e6, max: 2e6 }), fc.integer({ min: -2e6, max: 2e6 }), (c, e) => {
        const ok = code(() => checkFreshness(t + c, t + e, policy(t))) === 'OK';
        const expected = e > c && e - c <= 300_000 && c <= 300_000 && e + 300_000 > 0;
        expect(ok).toBe(expected);
      }),
    );
  });
});
