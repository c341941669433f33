import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERMITTED_DAYS, PERMITTED_LEVELS, STATUSES } from '../model/enumerations.ts';
import type { KeyUsePolicy, PermissionName, Permissions } from '../model/key-use-policy.ts';
import { arbitraryKeyUsePolicy, arbitraryXsdTime } from '../testkit/arbitraries/index.ts';
import { buildKeyUsePolicy } from '../testkit/builders.ts';
import { evaluateKeyUse } from './evaluate-key-use.ts';
import type { KeyOperation, KeyUseRequest, KeyUseState } from './key-use-types.ts';
import { FRESH_STATE, SAMPLE_TIME_ZONES, policyWith, referenceWallClock } from './test-support.ts';

const DAY_MS = 86_400_000;
const RUNS = { numRuns: 300 };

const arbitraryInstant = fc
  .integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms));
const arbitraryZone = fc.constantFrom(...SAMPLE_TIME_ZONES);
const arbitraryOperation = fc.constantFrom<KeyOperation>('encrypt', 'decrypt');

function secondsOf(time: string): number {
  const [h, m, s] = time.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}

/** An independent statement of the window rule: enumerate the seconds the window covers. */
function windowCovers(start: string, end: string, time: string): boolean {
  const [a, b, t] = [secondsOf(start), secondsOf(end), secondsOf(time)];
  const covered =
    a <= b
      ? [[a, b]]
      : [
          [a, 86_399],
          [0, b],
        ];
  return covered.some(([lo = 0, hi = 0]) => lo <= t && t <= hi);
}

/** Any two times, so windows crossing midnight are generated as often as others. */
const arbitraryWindow = fc.record({ startTime: arbitraryXsdTime(), endTime: arbitraryXsdTime() });

/** A context that gives a value for every dimension a request can describe. */
const arbitraryRequest: fc.Arbitrary<KeyUseRequest> = fc.record(
  {
    operation: arbitraryOperation,
    at: arbitraryInstant,
    timeZone: arbitraryZone,
    application: fc.record(
      {
        id: fc.oneof(fc.constant('10514-1'), fc.string()),
        name: fc.string(),
        version: fc.string(),
        digest: fc.record({
          algorithm: fc.constant('http://www.w3.org/2001/04/xmlenc#sha256'),
          value: fc.uint8Array({ maxLength: 32 }),
        }),
      },
      { requiredKeys: [] },
    ),
    level: fc.constantFrom(...PERMITTED_LEVELS),
    location: fc.record(
      {
        name: fc.string(),
        latitude: fc.double({ min: -90, max: 90, noNaN: true }),
        longitude: fc.double({ min: -180, max: 180, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
    use: fc.string(),
  },
  { requiredKeys: ['operation', 'at'] },
);

const arbitraryState: fc.Arbitrary<KeyUseState> = fc.record(
  { firstUseAt: arbitraryInstant, encryptionsPerformed: fc.bigInt({ min: 0n, max: 1000n }) },
  { requiredKeys: ['encryptionsPerformed'] },
);

function permissionOf(policy: KeyUsePolicy, name: PermissionName): { any: boolean } {
  const key = (name.charAt(0).toLowerCase() + name.slice(1)) as keyof Permissions;
  return policy.permissions[key] as { any: boolean };
}

describe('PermittedTimes (property)', () => {
  it('allows exactly the instants inside some window, in UTC', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryWindow, { minLength: 1, maxLength: 4 }),
        arbitraryInstant,
        arbitraryOperation,
        (times, at, operation) => {
          const policy = policyWith({ permittedTimes: { any: false, times } });
          const time = at.toISOString().slice(11, 19);
          const inside = times.some((w) => windowCovers(w.startTime, w.endTime, time));
          const d = evaluateKeyUse(policy, { operation, at }, FRESH_STATE);
          expect(d.allowed).toBe(inside);
          if (!inside) expect(d.violations.map((v) => v.requirement)).toEqual(['SKSML-CLT-61']);
        },
      ),
      RUNS,
    );
  });

  it('agrees with the wall clock of Intl in any zone', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryWindow, { minLength: 1, maxLength: 3 }),
        arbitraryInstant,
        arbitraryZone,
        (times, at, timeZone) => {
          const policy = policyWith({ permittedTimes: { any: false, times } });
          const { time } = referenceWallClock(at, timeZone);
          const inside = times.some((w) => windowCovers(w.startTime, w.endTime, time));
          expect(evaluateKeyUse(policy, { operation: 'encrypt', at, timeZone }, FRESH_STATE).allowed).toBe(
            inside,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('PermittedDates and PermittedDays in a zone (property)', () => {
  const near = (at: Date, days: number): string =>
    new Date(at.getTime() + days * DAY_MS).toISOString().slice(0, 10);

  it('dates agree with the calendar date of Intl', () => {
    fc.assert(
      fc.property(
        arbitraryInstant,
        arbitraryZone,
        fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })), {
          minLength: 1,
          maxLength: 3,
        }),
        (at, timeZone, offsets) => {
          const dates = offsets.map(([a, b]) => ({
            startDate: near(at, Math.min(a, b)),
            endDate: near(at, Math.max(a, b)),
          }));
          const { date } = referenceWallClock(at, timeZone);
          const inside = dates.some((r) => r.startDate <= date && date <= r.endDate);
          const policy = policyWith({ permittedDates: { any: false, dates } });
          expect(evaluateKeyUse(policy, { operation: 'decrypt', at, timeZone }, FRESH_STATE).allowed).toBe(
            inside,
          );
        },
      ),
      RUNS,
    );
  });

  it('days agree with the day of week of Intl', () => {
    const members: Record<string, number[]> = {
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
    fc.assert(
      fc.property(
        arbitraryInstant,
        arbitraryZone,
        fc.uniqueArray(fc.constantFrom(...PERMITTED_DAYS), { minLength: 1, maxLength: 4 }),
        (at, timeZone, days) => {
          const { weekday } = referenceWallClock(at, timeZone);
          const inside = days.some((d) => members[d]?.includes(weekday));
          const policy = policyWith({ permittedDays: { any: false, days } });
          expect(evaluateKeyUse(policy, { operation: 'encrypt', at, timeZone }, FRESH_STATE).allowed).toBe(
            inside,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('PermittedNumberOfTransactions (property)', () => {
  it('never lets more than N encryptions through, and decryptions never count', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 6n }),
        fc.array(arbitraryOperation, { maxLength: 25 }),
        (count, operations) => {
          const policy = policyWith({ permittedNumberOfTransactions: { any: false, count } });
          let state: KeyUseState = FRESH_STATE;
          let encryptions = 0n;
          let clock = Date.UTC(2024, 0, 1);
          for (const operation of operations) {
            const before = state.encryptionsPerformed;
            const d = evaluateKeyUse(policy, { operation, at: new Date((clock += 1000)) }, state);
            if (operation === 'decrypt') {
              expect(d.allowed).toBe(true);
              expect(d.nextState?.encryptionsPerformed).toBe(before);
            } else {
              expect(d.allowed).toBe(encryptions < count);
            }
            if (d.allowed && d.nextState) {
              if (operation === 'encrypt') encryptions++;
              state = d.nextState;
            }
            expect(encryptions).toBeLessThanOrEqual(count);
            expect(state.encryptionsPerformed).toBe(encryptions);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('PermittedDuration (property)', () => {
  it('allows no use at or after firstUse + duration, and every use before it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 100_000n }).chain((seconds) =>
          fc.tuple(
            fc.constant(seconds),
            fc.oneof(
              fc.integer({ min: -5_000, max: 200_000_000 }),
              fc.integer({ min: -2, max: 2 }).map((d) => Number(seconds) * 1000 + d),
            ),
          ),
        ),
        arbitraryInstant,
        arbitraryOperation,
        ([seconds, offsetMs], firstUseAt, operation) => {
          const policy = policyWith({ permittedDuration: { any: false, seconds } });
          const at = new Date(firstUseAt.getTime() + offsetMs);
          const d = evaluateKeyUse(policy, { operation, at }, { firstUseAt, encryptionsPerformed: 0n });
          expect(d.allowed).toBe(offsetMs >= 0 && BigInt(offsetMs) < seconds * 1000n);
        },
      ),
      RUNS,
    );
  });
});

describe('any=true and missing context (property)', () => {
  it('an unrestricted dimension never causes a refusal', () => {
    const active = arbitraryKeyUsePolicy().map((p) => ({ ...p, status: 'Active' as const }));
    fc.assert(
      fc.property(active, arbitraryRequest, arbitraryState, (policy, request, state) => {
        const d = evaluateKeyUse(policy, request, state);
        for (const v of d.violations) {
          expect(v.rule).not.toBe('Status');
          expect(v.rule).not.toBe('KeyAlgorithm');
          expect(permissionOf(policy, v.rule as PermissionName).any).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('a policy with every dimension unrestricted allows every request under Active or Default', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Active' as const, 'Default' as const),
        arbitraryRequest,
        arbitraryState,
        (status, request, state) => {
          const d = evaluateKeyUse(buildKeyUsePolicy({ status }), request, state);
          expect(d.violations).toEqual([]);
          expect(d.allowed).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('a restricted dimension whose context is missing always refuses', () => {
    const dimensions = [
      'PermittedApplications',
      'PermittedLevels',
      'PermittedLocations',
      'PermittedUses',
    ] as const;
    const contextKey = {
      PermittedApplications: 'application',
      PermittedLevels: 'level',
      PermittedLocations: 'location',
      PermittedUses: 'use',
    } as const;
    fc.assert(
      fc.property(
        arbitraryKeyUsePolicy(),
        arbitraryRequest,
        arbitraryState,
        fc.constantFrom(...dimensions),
        (policy, request, state, dimension) => {
          fc.pre(permissionOf(policy, dimension).any === false);
          const stripped: Record<string, unknown> = { ...request };
          delete stripped[contextKey[dimension]];
          const d = evaluateKeyUse(policy, stripped as unknown as KeyUseRequest, state);
          expect(d.allowed).toBe(false);
          expect(d.violations.some((v) => v.rule === dimension && v.requirement === 'SKSML-CLT-111')).toBe(
            true,
          );
        },
      ),
      RUNS,
    );
  });
});

describe('Status (property)', () => {
  it('Inactive never allows encryption', () => {
    const inactive = arbitraryKeyUsePolicy().map((p) => ({ ...p, status: 'Inactive' as const }));
    fc.assert(
      fc.property(inactive, arbitraryRequest, arbitraryState, (policy, request, state) => {
        const d = evaluateKeyUse(policy, { ...request, operation: 'encrypt' }, state);
        expect(d.allowed).toBe(false);
        expect(d.violations.some((v) => v.requirement === 'SKSML-CLT-59')).toBe(true);
      }),
      RUNS,
    );
  });

  it('only Other and Inactive are refused by Status, and only as documented', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATUSES), arbitraryOperation, (status, operation) => {
        const d = evaluateKeyUse(buildKeyUsePolicy({ status }), { operation, at: new Date(0) }, FRESH_STATE);
        const refused = status === 'Other' || (status === 'Inactive' && operation === 'encrypt');
        expect(d.allowed).toBe(!refused);
      }),
    );
  });
});
