import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../config/server-config.ts';
import { createJsonLogger, formatRequestLine, type RequestLogRecord } from './request-log.ts';

/** The object form the request line stands for (the formulation it replaced). */
function objectLine(time: string, level: LogLevel, r: RequestLogRecord): string {
  return `${JSON.stringify({
    time,
    level,
    event: 'request',
    requestId: r.requestId,
    client: r.client,
    action: r.action,
    outcome: r.outcome,
    code: r.code,
    status: r.status,
    durationMs: Math.round(r.durationMs * 1000) / 1000,
    ...(r.globalKeyIds === undefined ? {} : { globalKeyIds: [...r.globalKeyIds] }),
  })}\n`;
}

// Any text, and printable ASCII (quotes and backslashes included), which is written without JSON.stringify.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: 20 }));
const record: fc.Arbitrary<RequestLogRecord> = fc.record(
  {
    requestId: text,
    client: fc.option(text, { nil: null }),
    action: text,
    outcome: fc.constantFrom('success', 'fault', 'pending', 'x"y\\z\n'),
    code: fc.option(text, { nil: null }),
    status: fc.integer({ min: 100, max: 599 }),
    durationMs: fc.oneof(
      fc.double({ min: 0, max: 1e7, noNaN: true }),
      fc.constant(1e21),
      fc.constant(1 / 3),
      fc.constant(Number.NaN),
      fc.constant(Infinity),
    ),
    globalKeyIds: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ['requestId', 'client', 'action', 'outcome', 'code', 'status', 'durationMs'] },
);

describe('formatRequestLine', () => {
  it('writes exactly the JSON of the record object, for any field values', () => {
    fc.assert(
      fc.property(fc.constantFrom<LogLevel>('info', 'warn'), record, (level, r) => {
        const line = formatRequestLine('2026-01-02T03:04:05.678Z', level, r);
        expect(line).toBe(objectLine('2026-01-02T03:04:05.678Z', level, r));
        expect(line.indexOf('\n')).toBe(line.length - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('is what the JSON logger writes, at the level the outcome calls for', () => {
    const lines: string[] = [];
    const at = new Date('2026-01-02T03:04:05.678Z');
    const logger = createJsonLogger(
      'info',
      (line) => lines.push(line),
      () => at,
    );
    const ok: RequestLogRecord = {
      requestId: 'r1',
      client: 'c',
      action: 'SymkeyRequest',
      outcome: 'success',
      code: null,
      status: 200,
      durationMs: 1.23456,
      globalKeyIds: ['1-2-3'],
    };
    logger.request(ok);
    logger.request({ ...ok, outcome: 'fault', status: 500, code: 'INTERNAL' });
    expect(lines).toEqual([
      objectLine(at.toISOString(), 'info', ok),
      objectLine(at.toISOString(), 'warn', { ...ok, outcome: 'fault', status: 500, code: 'INTERNAL' }),
    ]);
    const quiet = createJsonLogger('error', (line) => lines.push(line));
    quiet.request(ok);
    expect(lines).toHaveLength(2);
  });
});
