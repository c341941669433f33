/**
 * Waiting for asynchronous requests: sleep until the earliest RequestCheckInterval has elapsed,
 * poll the requests that are due, repeat until each has a key or an error (SKSML-CLT-70,
 * SKSML-CLT-72). The clock and sleep are injectable, so tests run without real waiting.
 */
import { ClientError } from '../errors/client-error.ts';
import type { Sleep } from '../transport/failover.ts';
import { formatSymkeyRequestID } from '../../protocol/model/identifiers.ts';
import type { DeliveredKey, KeyResults, WorkInProgress } from './results.ts';
import type { SymkeyError } from '../../protocol/model/symkey.ts';

export interface WaitOptions {
  /** Default: the client's sleep. */
  readonly sleep?: Sleep;
  /** Give up (CLIENT_TIMEOUT) when the next poll would be later than this after the start. */
  readonly maxWaitMs?: number;
}

export interface WaitDependencies {
  readonly poll: (ids: readonly string[]) => Promise<KeyResults>;
  readonly pendingOf: (id: string) => WorkInProgress | undefined;
  readonly clock: () => Date;
  readonly sleep: Sleep;
  readonly maxWaitMs?: number;
}

export async function waitForKeys(ids: readonly string[], deps: WaitDependencies): Promise<KeyResults> {
  const remaining = new Set(ids);
  const keys: DeliveredKey[] = [];
  const errors: SymkeyError[] = [];
  const servers: string[] = [];
  const start = deps.clock().getTime();
  while (remaining.size > 0) {
    const entries = [...remaining].map((id) => {
      const entry = deps.pendingOf(id);
      if (entry === undefined)
        throw new ClientError('CLIENT_POLL_UNKNOWN_REQUEST', `no pending request ${id}`, {
          retryable: false,
        });
      return entry;
    });
    const now = deps.clock().getTime();
    const due = entries.filter((e) => e.notBefore.getTime() <= now);
    if (due.length === 0) {
      const next = Math.min(...entries.map((e) => e.notBefore.getTime()));
      if (deps.maxWaitMs !== undefined && next - start > deps.maxWaitMs)
        throw new ClientError('CLIENT_TIMEOUT', 'the pending requests were not answered within maxWaitMs', {
          retryable: false,
        });
      await deps.sleep(next - now);
      continue;
    }
    const dueIds = due.map((e) => formatSymkeyRequestID(e.symkeyRequestId));
    const result = await deps.poll(dueIds);
    keys.push(...result.keys);
    errors.push(...result.errors);
    servers.push(...result.servers);
    const answered = new Set([
      ...result.keys.map((k) => formatSymkeyRequestID(k.symkeyRequestId)),
      ...result.errors.map((e) => formatSymkeyRequestID(e.symkeyRequestId)),
    ]);
    const stillPending = new Set(result.pending.map((w) => formatSymkeyRequestID(w.symkeyRequestId)));
    for (const id of dueIds) {
      if (answered.has(id)) remaining.delete(id);
      else if (!stillPending.has(id))
        // Polling again at once would spin: a poll that is not answered at all is refused.
        throw new ClientError('CLIENT_RESPONSE_MISMATCH', `the poll for ${id} was not answered`, {
          retryable: false,
          requirement: 'SKSML-CLT-129',
        });
    }
  }
  return { keys, pending: [], errors, servers: [...new Set(servers)] };
}
