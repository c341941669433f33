import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyUsePolicy } from '../model/key-use-policy.ts';
import { createXmlElement } from '../testkit/arbitraries/raw-elements.ts';
import { buildKeyUsePolicy } from '../testkit/builders.ts';
import { evaluateKeyUse } from './evaluate-key-use.ts';
import type { KeyUseDecision, KeyUseRequest, KeyUseState } from './key-use-types.ts';
import { PolicyError } from './policy-error.ts';
import { FRESH_STATE, policyWith, requestWith } from './test-support.ts';

const EKMI = 'http://docs.oasis-open.org/ekmi/2008/01';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

function decide(
  policy: KeyUsePolicy,
  request: Partial<KeyUseRequest> = {},
  state: KeyUseState = FRESH_STATE,
): KeyUseDecision {
  return evaluateKeyUse(policy, requestWith(request), state);
}

function refusals(decision: KeyUseDecision): string[] {
  return decision.violations.map((v) => `${v.rule}:${v.code}:${v.requirement}`);
}

describe('evaluateKeyUse: unrestricted policy', () => {
  it('allows both operations and cites SKSML-CLT-57', () => {
    for (const operation of ['encrypt', 'decrypt'] as const) {
      const d = decide(buildKeyUsePolicy(), { operation });
      expect(d.allowed).toBe(true);
      expect(d.violations).toEqual([]);
      expect(d.requirements).toContain('SKSML-CLT-57');
    }
  });

  it('records the first use and counts encryptions only', () => {
    const at = new Date('2024-06-05T12:00:00Z');
    const enc = decide(buildKeyUsePolicy(), { at });
    expect(enc.nextState).toEqual({ firstUseAt: at, encryptionsPerformed: 1n });
    const dec = decide(
      buildKeyUsePolicy(),
      { operation: 'decrypt', at: new Date('2024-06-06T00:00:00Z') },
      enc.nextState,
    );
    expect(dec.nextState).toEqual({ firstUseAt: at, encryptionsPerformed: 1n });
  });

  it('gives no nextState when refused', () => {
    const d = decide(buildKeyUsePolicy({ status: 'Inactive' }));
    expect(d.allowed).toBe(false);
    expect(d.nextState).toBeUndefined();
  });
});

describe('Status (SKSML-CLT-59, SKSML-CLT-112)', () => {
  it('Inactive refuses encryption but allows decryption', () => {
    const policy = buildKeyUsePolicy({ status: 'Inactive' });
    expect(refusals(decide(policy))).toEqual(['Status:STATUS_INACTIVE:SKSML-CLT-59']);
    expect(decide(policy, { operation: 'decrypt' }).allowed).toBe(true);
  });

  it('Default behaves as Active', () => {
    expect(decide(buildKeyUsePolicy({ status: 'Default' })).allowed).toBe(true);
  });

  it('Other refuses both operations unless the test switch is set', () => {
    const policy = buildKeyUsePolicy({ status: 'Other' });
    for (const operation of ['encrypt', 'decrypt'] as const)
      expect(refusals(decide(policy, { operation }))).toEqual(['Status:STATUS_OTHER:SKSML-CLT-112']);
    expect(evaluateKeyUse(policy, requestWith(), FRESH_STATE, { allowStatusOther: true }).allowed).toBe(true);
  });
});

describe('KeyAlgorithm (SKSML-CLT-58, SKSML-MSG-103)', () => {
  it('refuses another algorithm and accepts the named one', () => {
    const policy = buildKeyUsePolicy({ keyAlgorithm: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc' });
    expect(decide(policy, { algorithm: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc' }).allowed).toBe(true);
    expect(refusals(decide(policy, { algorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc' }))).toEqual([
      'KeyAlgorithm:ALGORITHM_MISMATCH:SKSML-CLT-58',
    ]);
  });

  it('refuses a policy whose KeySize contradicts its KeyAlgorithm', () => {
    const policy = { ...buildKeyUsePolicy(), keySize: 128 as const };
    expect(refusals(decide(policy))).toEqual(['KeyAlgorithm:ALGORITHM_SIZE_MISMATCH:SKSML-MSG-103']);
  });
});

describe('PermittedDates (SKSML-CLT-60)', () => {
  const policy = policyWith({
    permittedDates: { any: false, dates: [{ startDate: '2024-06-01', endDate: '2024-06-05' }] },
  });

  it('includes both ends of a range, to the last second of the end day', () => {
    expect(decide(policy, { at: new Date('2024-06-01T00:00:00Z') }).allowed).toBe(true);
    expect(decide(policy, { at: new Date('2024-06-05T23:59:59.999Z') }).allowed).toBe(true);
    expect(refusals(decide(policy, { at: new Date('2024-06-06T00:00:00Z') }))).toEqual([
      'PermittedDates:NOT_PERMITTED:SKSML-CLT-60',
    ]);
    expect(decide(policy, { at: new Date('2024-05-31T23:59:59Z') }).allowed).toBe(false);
  });

  it('reads the date in the configured zone (SKSML-CLT-101)', () => {
    // 2024-06-05T23:30Z is already 2024-06-06 in Berlin (UTC+2) and still June 5 in New York.
    const at = new Date('2024-06-05T23:30:00Z');
    expect(decide(policy, { at, timeZone: 'Europe/Berlin' }).allowed).toBe(false);
    expect(decide(policy, { at, timeZone: 'America/New_York' }).allowed).toBe(true);
  });

  it('a reversed range holds no day; a malformed date refuses (SKSML-CLT-111)', () => {
    const reversed = policyWith({
      permittedDates: { any: false, dates: [{ startDate: '2024-06-10', endDate: '2024-06-01' }] },
    });
    expect(decide(reversed).allowed).toBe(false);
    const malformed = policyWith({
      permittedDates: {
        any: false,
        dates: [
          { startDate: '2024-01-01', endDate: '2024-12-31' },
          { startDate: '2024-02-30', endDate: '2024-03-01' },
        ],
      },
    });
    expect(refusals(decide(malformed))).toEqual(['PermittedDates:POLICY_VALUE_MALFORMED:SKSML-CLT-111']);
  });
});

describe('PermittedDays (SKSML-CLT-64, SKSML-CLT-103)', () => {
  const wednesday = new Date('2024-06-05T12:00:00Z');
  const saturday = new Date('2024-06-08T12:00:00Z');
  const sunday = new Date('2024-06-09T12:00:00Z');

  it('Weekday is Monday to Friday, Weekend is Saturday and Sunday', () => {
    const weekday = policyWith({ permittedDays: { any: false, days: ['Weekday'] } });
    const weekend = policyWith({ permittedDays: { any: false, days: ['Weekend'] } });
    expect(decide(weekday, { at: wednesday }).allowed).toBe(true);
    expect(decide(weekday, { at: saturday }).allowed).toBe(false);
    expect(decide(weekend, { at: saturday }).allowed).toBe(true);
    expect(decide(weekend, { at: sunday }).allowed).toBe(true);
    expect(refusals(decide(weekend, { at: wednesday }))).toEqual([
      'PermittedDays:NOT_PERMITTED:SKSML-CLT-64',
    ]);
  });

  it('named days match only themselves, in the configured zone', () => {
    const policy = policyWith({ permittedDays: { any: false, days: ['Thursday'] } });
    expect(decide(policy, { at: wednesday }).allowed).toBe(false);
    // Wednesday 23:30Z is Thursday in Tokyo.
    expect(decide(policy, { at: new Date('2024-06-05T23:30:00Z'), timeZone: 'Asia/Tokyo' }).allowed).toBe(
      true,
    );
  });
});

describe('PermittedTimes (SKSML-CLT-61, SKSML-CLT-102)', () => {
  const office = policyWith({
    permittedTimes: { any: false, times: [{ startTime: '09:00:00', endTime: '17:00:00' }] },
  });
  const night = policyWith({
    permittedTimes: { any: false, times: [{ startTime: '22:00:00', endTime: '06:00:00' }] },
  });
  const at = (time: string): Date => new Date(`2024-06-05T${time}Z`);

  it('windows are inclusive to the whole second', () => {
    expect(decide(office, { at: at('09:00:00') }).allowed).toBe(true);
    expect(decide(office, { at: at('17:00:00.999') }).allowed).toBe(true);
    expect(refusals(decide(office, { at: at('17:00:01') }))).toEqual([
      'PermittedTimes:NOT_PERMITTED:SKSML-CLT-61',
    ]);
    expect(decide(office, { at: at('08:59:59.999') }).allowed).toBe(false);
  });

  it('a window whose start is after its end crosses midnight', () => {
    for (const t of ['22:00:00', '23:59:59', '00:00:00', '06:00:00'])
      expect(decide(night, { at: at(t) }).allowed).toBe(true);
    for (const t of ['21:59:59', '06:00:01', '12:00:00'])
      expect(decide(night, { at: at(t) }).allowed).toBe(false);
  });

  it('an equal start and end is a one-second window', () => {
    const instant = policyWith({
      permittedTimes: { any: false, times: [{ startTime: '12:00:00', endTime: '12:00:00' }] },
    });
    expect(decide(instant, { at: at('12:00:00.500') }).allowed).toBe(true);
    expect(decide(instant, { at: at('12:00:01') }).allowed).toBe(false);
  });

  it('reads the time in the configured zone', () => {
    // 12:00Z is 08:00 in New York (EDT): outside 09:00-17:00 there.
    expect(decide(office, { at: at('12:00:00'), timeZone: 'America/New_York' }).allowed).toBe(false);
    expect(decide(office, { at: at('14:00:00'), timeZone: 'America/New_York' }).allowed).toBe(true);
  });

  it('refuses a malformed time, including 24:00:00', () => {
    const bad = policyWith({
      permittedTimes: { any: false, times: [{ startTime: '00:00:00', endTime: '24:00:00' }] },
    });
    expect(refusals(decide(bad))).toEqual(['PermittedTimes:POLICY_VALUE_MALFORMED:SKSML-CLT-111']);
  });
});

describe('PermittedDuration (SKSML-CLT-62, SKSML-CLT-104)', () => {
  const policy = policyWith({ permittedDuration: { any: false, seconds: 60n } });
  const first = new Date('2024-06-05T12:00:00Z');
  const used: KeyUseState = { firstUseAt: first, encryptionsPerformed: 1n };

  it('the first use starts the period', () => {
    const d = decide(policy, { at: first });
    expect(d.allowed).toBe(true);
    expect(d.nextState?.firstUseAt).toEqual(first);
  });

  it('allows use until just before firstUse + duration, not at it', () => {
    expect(decide(policy, { at: new Date(first.getTime() + 59_999) }, used).allowed).toBe(true);
    expect(refusals(decide(policy, { at: new Date(first.getTime() + 60_000) }, used))).toEqual([
      'PermittedDuration:LIMIT_REACHED:SKSML-CLT-62',
    ]);
  });

  it('also limits decryption (SKSML-CLT-106)', () => {
    expect(
      decide(policy, { operation: 'decrypt', at: new Date(first.getTime() + 61_000) }, used).allowed,
    ).toBe(false);
  });

  it('refuses when the clock is before the recorded first use', () => {
    expect(refusals(decide(policy, { at: new Date(first.getTime() - 1) }, used))).toEqual([
      'PermittedDuration:CLOCK_BEFORE_FIRST_USE:SKSML-CLT-104',
    ]);
  });

  it('handles the largest duration', () => {
    const huge = policyWith({ permittedDuration: { any: false, seconds: 18446744073709551615n } });
    expect(decide(huge, { at: new Date('9999-01-01T00:00:00Z') }, used).allowed).toBe(true);
  });
});

describe('PermittedNumberOfTransactions (SKSML-CLT-63, SKSML-CLT-105)', () => {
  const policy = policyWith({ permittedNumberOfTransactions: { any: false, count: 2n } });

  it('refuses the third encryption, never a decryption', () => {
    expect(decide(policy, {}, { encryptionsPerformed: 1n }).allowed).toBe(true);
    expect(refusals(decide(policy, {}, { encryptionsPerformed: 2n }))).toEqual([
      'PermittedNumberOfTransactions:LIMIT_REACHED:SKSML-CLT-63',
    ]);
    const dec = decide(policy, { operation: 'decrypt' }, { encryptionsPerformed: 2n });
    expect(dec.allowed).toBe(true);
    expect(dec.nextState?.encryptionsPerformed).toBe(2n);
  });
});

describe('PermittedApplications (SKSML-CLT-107)', () => {
  const digest = new Uint8Array(createHash('sha256').update('app binary').digest());
  const policy = policyWith({
    permittedApplications: {
      any: false,
      applications: [
        { applicationId: { domainId: 10514n, localId: 7n }, applicationName: 'Payroll' },
        {
          applicationId: { domainId: 10514n, localId: 8n },
          applicationName: 'Vault',
          version: '2.1',
          digest: { algorithm: SHA256, value: digest },
        },
      ],
    },
  });

  it('matches by ApplicationID or by name', () => {
    expect(decide(policy, { application: { id: '10514-7' } }).allowed).toBe(true);
    expect(decide(policy, { application: { name: 'Payroll' } }).allowed).toBe(true);
    expect(refusals(decide(policy, { application: { id: '10514-9', name: 'payroll' } }))).toEqual([
      'PermittedApplications:NOT_PERMITTED:SKSML-CLT-107',
    ]);
  });

  it('requires version and digest when the entry gives them', () => {
    const ok = { id: '10514-8', version: '2.1', digest: { algorithm: SHA256, value: digest } };
    expect(decide(policy, { application: ok }).allowed).toBe(true);
    expect(decide(policy, { application: { ...ok, version: '2.2' } }).allowed).toBe(false);
    const tampered = new Uint8Array(digest);
    tampered[31] = (tampered[31] ?? 0) ^ 1;
    expect(
      decide(policy, { application: { ...ok, digest: { algorithm: SHA256, value: tampered } } }).allowed,
    ).toBe(false);
    expect(
      decide(policy, {
        application: {
          ...ok,
          digest: { algorithm: 'http://www.w3.org/2001/04/xmlenc#sha512', value: digest },
        },
      }).allowed,
    ).toBe(false);
    expect(refusals(decide(policy, { application: { id: '10514-8', version: '2.1' } }))).toEqual([
      'PermittedApplications:CONTEXT_MISSING:SKSML-CLT-111',
    ]);
  });

  it('refuses a missing or malformed application identity', () => {
    expect(refusals(decide(policy))).toEqual(['PermittedApplications:CONTEXT_MISSING:SKSML-CLT-111']);
    expect(refusals(decide(policy, { application: { version: '2.1' } }))).toEqual([
      'PermittedApplications:CONTEXT_MISSING:SKSML-CLT-111',
    ]);
    expect(refusals(decide(policy, { application: { id: '10514-07' } }))).toEqual([
      'PermittedApplications:CONTEXT_INVALID:SKSML-CLT-111',
    ]);
  });
});

describe('PermittedLevels (SKSML-CLT-108)', () => {
  const policy = policyWith({ permittedLevels: { any: false, levels: ['Secret'] } });

  it('is exact membership without dominance', () => {
    expect(decide(policy, { level: 'Secret' }).allowed).toBe(true);
    expect(refusals(decide(policy, { level: 'Top-Secret' }))).toEqual([
      'PermittedLevels:NOT_PERMITTED:SKSML-CLT-108',
    ]);
    expect(decide(policy, { level: 'Confidential' }).allowed).toBe(false);
    expect(refusals(decide(policy))).toEqual(['PermittedLevels:CONTEXT_MISSING:SKSML-CLT-111']);
  });
});

describe('PermittedLocations (SKSML-CLT-109)', () => {
  const policy = policyWith({
    permittedLocations: {
      any: false,
      locations: [
        { locationName: 'HQ', coordinates: [] },
        {
          locationName: 'Lab',
          coordinates: [
            { latitude: '48.8583701', longitude: '2.2944813' },
            { latitude: '-33.8567844', longitude: '151.2152967' },
          ],
        },
      ],
    },
  });

  it('matches by name; coordinates must be within 100 m of a listed pair', () => {
    expect(decide(policy, { location: { name: 'HQ' } }).allowed).toBe(true);
    // About 55 m north of the first Lab point.
    expect(
      decide(policy, { location: { name: 'Lab', latitude: 48.8588701, longitude: 2.2944813 } }).allowed,
    ).toBe(true);
    // The second pair is an alternative.
    expect(
      decide(policy, { location: { name: 'Lab', latitude: -33.8567844, longitude: 151.2152967 } }).allowed,
    ).toBe(true);
    // About 111 m north: outside.
    expect(
      refusals(decide(policy, { location: { name: 'Lab', latitude: 48.8593701, longitude: 2.2944813 } })),
    ).toEqual(['PermittedLocations:NOT_PERMITTED:SKSML-CLT-109']);
    expect(decide(policy, { location: { name: 'Annex' } }).allowed).toBe(false);
  });

  it('the tolerance is configurable', () => {
    const request = requestWith({ location: { name: 'Lab', latitude: 48.8593701, longitude: 2.2944813 } });
    expect(evaluateKeyUse(policy, request, FRESH_STATE, { locationToleranceMetres: 150 }).allowed).toBe(true);
  });

  it('refuses missing names, missing positions and invalid positions', () => {
    expect(refusals(decide(policy))).toEqual(['PermittedLocations:CONTEXT_MISSING:SKSML-CLT-111']);
    expect(refusals(decide(policy, { location: { name: 'Lab' } }))).toEqual([
      'PermittedLocations:CONTEXT_MISSING:SKSML-CLT-111',
    ]);
    expect(refusals(decide(policy, { location: { name: 'Lab', latitude: 91, longitude: 0 } }))).toEqual([
      'PermittedLocations:CONTEXT_INVALID:SKSML-CLT-111',
    ]);
    expect(refusals(decide(policy, { location: { name: 'Lab', latitude: 48.85 } }))).toEqual([
      'PermittedLocations:CONTEXT_INVALID:SKSML-CLT-111',
    ]);
  });
});

describe('PermittedUses (SKSML-CLT-110)', () => {
  const policy = policyWith({ permittedUses: { any: false, uses: ['backup'] } });

  it('is exact, case-sensitive membership', () => {
    expect(decide(policy, { use: 'backup' }).allowed).toBe(true);
    expect(refusals(decide(policy, { use: 'Backup' }))).toEqual([
      'PermittedUses:NOT_PERMITTED:SKSML-CLT-110',
    ]);
    expect(refusals(decide(policy))).toEqual(['PermittedUses:CONTEXT_MISSING:SKSML-CLT-111']);
  });

  it('an Other extension alone matches nothing', () => {
    const onlyOther = policyWith({
      permittedUses: { any: false, uses: [], other: createXmlElement(EKMI, 'ekmi', 'Other', [], ['custom']) },
    });
    expect(decide(onlyOther, { use: 'backup' }).allowed).toBe(false);
  });
});

describe('several violations and malformed inputs', () => {
  it('reports every refusing rule', () => {
    const policy = policyWith(
      {
        permittedUses: { any: false, uses: ['backup'] },
        permittedLevels: { any: false, levels: ['Secret'] },
      },
      { status: 'Inactive' },
    );
    expect(decide(policy).violations.map((v) => v.rule)).toEqual([
      'Status',
      'PermittedLevels',
      'PermittedUses',
    ]);
  });

  it('refuses a permission without a readable ekmi:any', () => {
    const policy = policyWith({ permittedUses: {} as never });
    expect(refusals(decide(policy))).toEqual(['PermittedUses:POLICY_VALUE_MALFORMED:SKSML-CLT-111']);
  });

  it('throws PolicyError for unusable arguments', () => {
    const policy = buildKeyUsePolicy();
    expect(() => decide(policy, { at: new Date(Number.NaN) })).toThrow(PolicyError);
    expect(() => decide(policy, { timeZone: 'Nowhere/Land' })).toThrow(PolicyError);
    expect(() => decide(policy, { operation: 'sign' as never })).toThrow(PolicyError);
    expect(() => decide(policy, {}, { encryptionsPerformed: -1n })).toThrow(PolicyError);
    expect(() => decide(policy, {}, { encryptionsPerformed: 0n, firstUseAt: new Date(Number.NaN) })).toThrow(
      PolicyError,
    );
    expect(() => evaluateKeyUse(policy, requestWith(), FRESH_STATE, { locationToleranceMetres: -1 })).toThrow(
      PolicyError,
    );
  });
});
