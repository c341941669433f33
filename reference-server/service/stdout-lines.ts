/**
 * Log lines to stdout, coalesced: request lines written during one turn of the event loop go out
 * as ONE write on the next turn instead of one write (one system call, blocking when stdout is a
 * pipe) per request. An urgent line (service events: start-up, alarms, errors, shutdown) flushes
 * everything before it at once, and whatever is still pending is flushed when the process exits.
 * Log lines are not the durable record of a request (the audit log is).
 */
let pending: string[] = [];
let scheduled = false;
let exitHook = false;

function flush(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const chunk = pending.join('');
  pending = [];
  process.stdout.write(chunk);
}

/** Queues `line` (ending in a newline) for stdout; `urgent` writes it and everything before it now. */
export function writeStdoutLine(line: string, urgent: boolean): void {
  pending.push(line);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', flush);
  }
  if (urgent) flush();
  else if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}
