import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_SIZE_OF_ALGORITHM } from '../../model/enumerations.ts';
import { MAX_ID_PART, isNewKeyRequest } from '../../model/identifiers.ts';
import type { KeyUsePolicy } from '../../model/key-use-policy.ts';
import { parseDate, parseDateTime, parseDecimal, parseTime } from '../../model/parse/lexical.ts';
import {
  arbitraryCoordinates,
  arbitraryDateRange,
  arbitraryDateTimeRange,
  arbitraryIdPart,
  arbitraryKeyCachePolicyResponse,
  arbitraryKeyUsePolicy,
  arbitrarySksmlMessage,
  arbitrarySymkeyResponse,
  arbitraryTimeWindow,
  arbitraryXmlString,
  countCharacters,
} from './index.ts';
import { isXmlText } from '../../xml/writer.ts';

function checkPolicy(kup: KeyUsePolicy): void {
  expect(kup.keySize).toBe(KEY_SIZE_OF_ALGORITHM[kup.keyAlgorithm]);
  const p = kup.permissions;
  if (!p.permittedDates.any)
    for (const d of p.permittedDates.dates) expect(d.startDate <= d.endDate).toBe(true);
  if (!p.permittedApplications.any) expect(p.permittedApplications.applications.length).toBeGreaterThan(0);
  if (!p.permittedLevels.any)
    expect(p.permittedLevels.levels.length + (p.permittedLevels.other ? 1 : 0)).toBeGreaterThan(0);
}

describe('arbitraries generate valid values', () => {
  it('strings are XML text within their length (code points)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }).chain((n) => fc.tuple(fc.constant(n), arbitraryXmlString(n))),
        ([n, s]) => {
          expect(isXmlText(s)).toBe(true);
          expect(countCharacters(s)).toBeLessThanOrEqual(n);
        },
      ),
    );
  });

  it('ID parts stay in range and hit the edges', () => {
    const seen = fc.sample(arbitraryIdPart(1n), { numRuns: 500, seed: 1 });
    for (const v of seen) expect(v >= 1n && v <= MAX_ID_PART).toBe(true);
    expect(seen).toContain(MAX_ID_PART);
  });

  it('dates, times and dateTimes are well-formed and ordered', () => {
    fc.assert(
      fc.property(
        arbitraryDateRange(),
        arbitraryTimeWindow(),
        arbitraryDateTimeRange(),
        arbitraryCoordinates(),
        (d, t, dt, c) => {
          expect(parseDate(d.startDate)).toBe(d.startDate);
          expect(parseDate(d.endDate)).toBe(d.endDate);
          expect(d.startDate <= d.endDate).toBe(true);
          expect(parseTime(t.startTime) <= parseTime(t.endTime)).toBe(true);
          expect(parseDateTime(dt.startDate) <= parseDateTime(dt.endDate)).toBe(true);
          expect(parseDecimal(c.latitude, 10, 7)).toBe(c.latitude);
          expect(Math.abs(Number(c.latitude))).toBeLessThanOrEqual(90);
          expect(Math.abs(Number(c.longitude))).toBeLessThanOrEqual(180);
        },
      ),
    );
  });

  it('policies are coherent; Symkeys never carry the sentinel; responses are non-empty', () => {
    fc.assert(fc.property(arbitraryKeyUsePolicy(), checkPolicy));
    fc.assert(
      fc.property(arbitrarySymkeyResponse(), (r) => {
        expect(r.symkeys.length + r.workInProgress.length + r.errors.length).toBeGreaterThan(0);
        for (const k of r.symkeys) {
          expect(isNewKeyRequest(k.globalKeyId)).toBe(false);
          checkPolicy(k.keyUsePolicy);
        }
        for (const w of r.workInProgress)
          expect(w.requestCheckInterval >= 60 && w.requestCheckInterval <= 604800).toBe(true);
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(arbitraryKeyCachePolicyResponse(), (r) => {
        for (const p of r.keyCachePolicies) {
          expect(p.policyCheckInterval).toBeLessThanOrEqual(2592000);
          if (p.endDate !== null) expect(p.startDate <= p.endDate).toBe(true);
        }
      }),
    );
  });

  it('cover all four message types', () => {
    const types = new Set(fc.sample(arbitrarySksmlMessage(), { numRuns: 100, seed: 5 }).map((m) => m.type));
    expect(types.size).toBe(4);
  });
});
