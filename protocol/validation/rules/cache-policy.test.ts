import { describe, expect, it } from 'vitest';
import { codesOf, findingsOf, KCP_RESPONSE, mutate } from '../test-support.ts';

const ends = (end: string): string =>
  mutate(
    KCP_RESPONSE(),
    '<ekmi:EndDate>2026-12-31T23:59:59Z</ekmi:EndDate>',
    `<ekmi:EndDate>${end}</ekmi:EndDate>`,
  );

describe('KeyCachePolicy rules', () => {
  it('accepts the example (ordered dates, nil EndDate)', () => {
    expect(codesOf(KCP_RESPONSE())).toEqual([]);
  });
  it('reports StartDate after EndDate (SKSML-MSG-104), taking time zones into account', () => {
    expect(findingsOf(ends('2025-12-31T23:59:59Z'))[0]).toMatchObject({
      code: 'SEM_KCP_DATES_REVERSED',
      requirement: 'SKSML-MSG-104',
      path: '/KeyCachePolicyResponse/KeyCachePolicy[1]',
    });
    expect(codesOf(ends('2026-01-01T01:00:00+02:00'))).toEqual(['SEM_KCP_DATES_REVERSED']);
    expect(codesOf(ends('2026-01-01T01:00:00-02:00'))).toEqual([]);
    expect(codesOf(ends('2026-01-01T00:00:00'))).toEqual([]); // equal, zone-less read as UTC
  });
  it('reports a malformed dateTime', () => {
    expect(codesOf(ends('31.12.2026'))).toEqual(['SEM_DATETIME_MALFORMED']);
  });
  it('warns on PolicyCheckInterval 0 (SKSML-MSG-112) and zero cache details (SKSML-MSG-117)', () => {
    const zero = mutate(KCP_RESPONSE(), '<ekmi:PolicyCheckInterval>86400', '<ekmi:PolicyCheckInterval>0');
    expect(findingsOf(zero).map((f) => [f.code, f.severity])).toEqual([['SEM_POLICY_CHECK_ZERO', 'warning']]);
    const detail = mutate(
      KCP_RESPONSE(),
      '<ekmi:MaximumKeys>10</ekmi:MaximumKeys>',
      '<ekmi:MaximumKeys>0</ekmi:MaximumKeys>',
    );
    expect(findingsOf(detail)[0]).toMatchObject({
      code: 'SEM_CACHE_DETAIL_ZERO',
      severity: 'warning',
      path: '/KeyCachePolicyResponse/KeyCachePolicy[1]/NewKeysCacheDetail',
    });
  });
  it('reports MaximumKeys above 2^64-1 and PolicyCheckInterval above 30 days', () => {
    const big = mutate(KCP_RESPONSE(), '>18446744073709551615<', '>18446744073709551616<');
    expect(findingsOf(big)[0]).toMatchObject({ code: 'SEM_VALUE_OUT_OF_RANGE', requirement: 'SKSML-MSG-35' });
    const long = mutate(
      KCP_RESPONSE(),
      '<ekmi:PolicyCheckInterval>86400',
      '<ekmi:PolicyCheckInterval>2592001',
    );
    expect(findingsOf(long)[0]).toMatchObject({
      code: 'SEM_VALUE_OUT_OF_RANGE',
      requirement: 'SKSML-MSG-34',
    });
  });
});
