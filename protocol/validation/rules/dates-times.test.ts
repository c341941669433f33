import { describe, expect, it } from 'vitest';
import { codesOf, findingsOf, mutate, RESPONSE } from '../test-support.ts';

const dates = (start: string, end: string): string =>
  mutate(
    RESPONSE(),
    '<ekmi:StartDate>2026-01-01</ekmi:StartDate>\n            <ekmi:EndDate>2026-12-31</ekmi:EndDate>',
    `<ekmi:StartDate>${start}</ekmi:StartDate><ekmi:EndDate>${end}</ekmi:EndDate>`,
  );
const times = (start: string, end: string): string =>
  mutate(
    RESPONSE(),
    '<ekmi:StartTime>07:00:00</ekmi:StartTime>\n            <ekmi:EndTime>19:00:00</ekmi:EndTime>',
    `<ekmi:StartTime>${start}</ekmi:StartTime><ekmi:EndTime>${end}</ekmi:EndTime>`,
  );

describe('PermittedDate ranges (SKSML-MSG-102, -24)', () => {
  it('accepts ordered and one-day ranges', () => {
    expect(codesOf(dates('2026-03-01', '2026-03-01'))).toEqual([]);
    expect(codesOf(dates('2024-02-29', '2025-01-01'))).toEqual([]);
  });
  it('reports a reversed range', () => {
    expect(findingsOf(dates('2026-03-02', '2026-03-01'))[0]).toMatchObject({
      code: 'SEM_DATE_RANGE_REVERSED',
      requirement: 'SKSML-MSG-102',
      severity: 'error',
    });
  });
  it('reports impossible or zoned dates', () => {
    expect(codesOf(dates('2025-02-29', '2026-03-01'))).toEqual(['SEM_DATE_MALFORMED']);
    expect(codesOf(dates('2025-01-01Z', '2026-03-01'))).toEqual(['SEM_DATE_MALFORMED']);
  });
});

describe('PermittedTime windows (SKSML-MSG-111, -25)', () => {
  it('accepts an ordinary window', () => {
    expect(codesOf(times('00:00:00', '23:59:59'))).toEqual([]);
  });
  it('warns on a window across midnight and on a one-second window', () => {
    const wrap = findingsOf(times('22:00:00', '06:00:00'));
    expect(wrap).toHaveLength(1);
    expect(wrap[0]).toMatchObject({
      code: 'SEM_TIME_WINDOW_WRAPS',
      severity: 'warning',
      requirement: 'SKSML-MSG-111',
    });
    expect(codesOf(times('12:00:00', '12:00:00'))).toEqual(['SEM_TIME_WINDOW_INSTANT']);
  });
  it('reports malformed times', () => {
    expect(codesOf(times('7:00:00', '19:00:00'))).toEqual(['SEM_TIME_MALFORMED']);
    expect(codesOf(times('07:00:00', '19:60:00'))).toEqual(['SEM_TIME_MALFORMED']);
  });
});
