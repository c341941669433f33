/**
 * Log lines to stdout, coalesced: request lines are queued and written together, as ONE write,
 * at most FLUSH_INTERVAL_MS after the first of them (or at once when MAX_PENDING_CHARS are
 * queued), instead of one write (one system call, blocking when stdout is a pipe) per request.
 * An urgent line (service events: start-up, alarms, errors, shutdown) flushes everything before it
 * at once; flushStdoutLines() does the same at graceful shutdown, and whatever is still pending is
 * flushed when the process exits. Lines are never reordered. Log lines are not the durable record
 * of a request (the audit log is).
 */

/** Longest a request line waits in the queue. */
export const FLUSH_INTERVAL_MS = 20;
/** Queued characters that trigger a write without waiting. */
export const MAX_PENDING_CHARS = 64 * 1024;

let pending: string[] = [];
let pendingChars = 0;
let timer: NodeJS.Timeout | null = null;
let exitHook = false;

/** Writes every queued line now, in order (a no-op when none is queued). */
export function flushStdoutLines(): void {
  if (timer !== null) {
    clearTimeout(timer);
    timer = null;
  }
  if (pending.length === 0) return;
  const chunk = pending.length === 1 ? (pending[0] as string) : pending.join('');
  pending = [];
  pendingChars = 0;
  process.stdout.write(chunk);
}

/** Queues `line` (ending in a newline) for stdout; `urgent` writes it and everything before it now. */
export function writeStdoutLine(line: string, urgent: boolean): void {
  pending.push(line);
  pendingChars += line.length;
  if (!exitHook) {
    exitHook = true;
    process.once('exit', flushStdoutLines);
  }
  if (urgent || pendingChars >= MAX_PENDING_CHARS) flushStdoutLines();
  else if (timer === null) {
    timer = setTimeout(flushStdoutLines, FLUSH_INTERVAL_MS);
    // The queue never keeps the process alive: the exit hook writes what is left.
    timer.unref();
  }
}
