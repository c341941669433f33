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

/** Printable ASCII but the quote and the backslash: JSON writes it as it is, between quotes. */
const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify(value) for the values of a request line, without the call for plain ones. */
function json(value: unknown): string {
  if (typeof value === 'string') return PLAIN_TEXT.test(value) ? `"${value}"` : JSON.stringify(value);
  // A finite number's JSON text is its String(); JSON writes NaN and the infinities as null.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/**
 * The JSON line of a request record: the same text as JSON.stringify of the object
 * { time, level, event: 'request', requestId, client, action, outcome, code, status, durationMs,
 * globalKeyIds? } (the keys in that order), written field by field since it is built for every
 * request. Each value is written as JSON.stringify writes it (strings of plain printable ASCII
 * between quotes as they are, any other through JSON.stringify), so escaping is JSON's own.
 */
export function formatRequestLine(time: string, level: LogLevel, record: RequestLogRecord): string {
  const durationMs = Math.round(record.durationMs * 1000) / 1000;
  let line =
    `{"time":${json(time)},"level":${json(level)},"event":"request","requestId":${json(record.requestId)}` +
    `,"client":${json(record.client)},"action":${json(record.action)},"outcome":${json(record.outcome)}` +
    `,"code":${json(record.code)},"status":${json(record.status)},"durationMs":${json(durationMs)}`;
  const ids = record.globalKeyIds;
  if (ids !== undefined) {
    if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) {
      let list = '';
      for (let i = 0; i < ids.length; i++) list += i === 0 ? json(ids[i]) : `,${json(ids[i])}`;
      line += `,"globalKeyIds":[${list}]`;
    } else line += `,"globalKeyIds":${json(ids)}`;
  }
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
