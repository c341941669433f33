/**
 * Structured logs: one JSON object per line. A request line carries only the fields listed in
 * RequestLogRecord (time, request id, client, action, outcome, code, duration, status): no message
 * text, no XML, no key material, no PIN, no private key can reach it, because nothing else is
 * copied in. Other events (startup, alarms, shutdown) use ServiceLogRecord with the same rule:
 * fixed event names and identifiers only.
 */
import type { LogLevel } from '../config/server-config.ts';
import { writeStdoutLine } from './stdout-lines.ts';

export interface RequestLogRecord {
  readonly requestId: string;
  /** The registered client's id once identified, else null. */
  readonly client: string | null;
  /** The SKSML message handled (SymkeyRequest, KeyCachePolicyRequest) or the route. */
  readonly action: string;
  /** success | partial | pending | failure | fault | refused */
  readonly outcome: string;
  /** Fault or SymkeyError code, when there was one. */
  readonly code: string | null;
  readonly status: number;
  readonly durationMs: number;
  /** GlobalKeyIDs involved (identifiers only). */
  readonly globalKeyIds?: readonly string[];
}

export interface ServiceLogRecord {
  readonly event: string;
  readonly [field: string]: string | number | boolean | null | readonly string[];
}

export interface ServerLogger {
  request(record: RequestLogRecord): void;
  event(level: LogLevel, record: ServiceLogRecord): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * The JSON line of a request record: the same text as JSON.stringify of the object
 * { time, level, event: 'request', requestId, client, action, outcome, code, status, durationMs,
 * globalKeyIds? } (the keys in that order), written field by field since it is built for every
 * request. Each value goes through JSON.stringify, so escaping is JSON's own.
 */
export function formatRequestLine(time: string, level: LogLevel, record: RequestLogRecord): string {
  const j = JSON.stringify;
  const durationMs = Math.round(record.durationMs * 1000) / 1000;
  let line =
    `{"time":${j(time)},"level":${j(level)},"event":"request","requestId":${j(record.requestId)}` +
    `,"client":${j(record.client)},"action":${j(record.action)},"outcome":${j(record.outcome)}` +
    `,"code":${j(record.code)},"status":${j(record.status)},"durationMs":${j(durationMs)}`;
  if (record.globalKeyIds !== undefined) line += `,"globalKeyIds":${j(record.globalKeyIds)}`;
  return `${line}}\n`;
}

/**
 * A logger writing JSON lines to `write`, dropping events below `level`. The default writes to
 * stdout, request lines queued and written in batches (stdout-lines.ts); `urgent` is true for
 * service events, which are written at once.
 */
export function createJsonLogger(
  level: LogLevel = 'info',
  write: (line: string, urgent: boolean) => void = writeStdoutLine,
  now: () => Date = () => new Date(),
): ServerLogger {
  const emit = (lvl: LogLevel, fields: object, urgent: boolean): void => {
    if (RANK[lvl] > RANK[level]) return;
    write(`${JSON.stringify({ time: now().toISOString(), level: lvl, ...fields })}\n`, urgent);
  };
  return {
    request(record) {
      const lvl = record.outcome === 'fault' && record.status >= 500 ? 'warn' : 'info';
      if (RANK[lvl] > RANK[level]) return;
      write(formatRequestLine(now().toISOString(), lvl, record), false);
    },
    event(lvl, record) {
      emit(lvl, record, true);
    },
  };
}

/** A logger that keeps records in memory (tests). */
export function createMemoryLogger(): ServerLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const inner = createJsonLogger('debug', (line) => lines.push(line));
  return {
    lines,
    request: (record) => inner.request(record),
    event: (level, record) => inner.event(level, record),
  };
}
