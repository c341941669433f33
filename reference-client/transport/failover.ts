/**
 * Failover across the ordered server list (primary, disaster recovery, ...). Each server gets up to
 * `attempts` tries with exponential backoff between them, but only for retryable failures (the
 * channel: refused, timed out, 5xx without a SOAP body, unreadable answer). Any other outcome —
 * a verified answer, a SOAP fault, a response that fails verification — ends the run at once
 * (SKSML-CLT-126, SKSML-CLT-127).
 */
import { ClientError, type AttemptRecord } from '../errors/client-error.ts';
import type { ResolvedEndpoint } from './server-endpoint.ts';

export type Sleep = (ms: number) => Promise<void>;

export interface RetryPolicy {
  /** Tries per server (>= 1). Default 2. */
  readonly attempts?: number;
  /** First backoff delay, ms. Default 200. */
  readonly baseDelayMs?: number;
  /** Multiplier per retry. Default 2. */
  readonly factor?: number;
  /** Cap on one delay, ms. Default 5000. */
  readonly maxDelayMs?: number;
}

export interface ResolvedRetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
}

export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  const r = {
    attempts: policy.attempts ?? 2,
    baseDelayMs: policy.baseDelayMs ?? 200,
    factor: policy.factor ?? 2,
    maxDelayMs: policy.maxDelayMs ?? 5000,
  };
  if (!Number.isInteger(r.attempts) || r.attempts < 1 || r.attempts > 20)
    throw new ClientError('CLIENT_BAD_ARGUMENT', 'retry.attempts must be an integer 1..20');
  for (const [name, v] of [
    ['baseDelayMs', r.baseDelayMs],
    ['factor', r.factor],
    ['maxDelayMs', r.maxDelayMs],
  ] as const)
    if (!Number.isFinite(v) || v < 0)
      throw new ClientError('CLIENT_BAD_ARGUMENT', `retry.${name} must be >= 0`);
  return r;
}

/** Delay before retry number `retry` (1 = the first retry) of one server. */
export function backoffDelay(policy: ResolvedRetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (retry - 1));
}

export interface FailoverOutcome<T> {
  readonly value: T;
  readonly server: ResolvedEndpoint;
  readonly attempts: readonly AttemptRecord[];
}

export interface FailoverOptions {
  readonly retry: ResolvedRetryPolicy;
  readonly sleep: Sleep;
  readonly onAttemptFailed?: (record: AttemptRecord, error: ClientError) => void;
}

function asClientError(e: unknown, server: string): ClientError {
  if (e instanceof ClientError) return e;
  // Anything unexpected fails closed and is not retried.
  return new ClientError('CLIENT_RESPONSE_MALFORMED', `unexpected failure with ${server}`, {
    server,
    cause: e,
    retryable: false,
  });
}

/** Runs `attempt` against the servers in order; returns the first answer or throws the last error. */
export async function runWithFailover<T>(
  servers: readonly ResolvedEndpoint[],
  attempt: (server: ResolvedEndpoint) => Promise<T>,
  options: FailoverOptions,
): Promise<FailoverOutcome<T>> {
  const attempts: AttemptRecord[] = [];
  let last: ClientError | undefined;
  for (const server of servers) {
    for (let n = 1; n <= options.retry.attempts; n++) {
      if (n > 1) await options.sleep(backoffDelay(options.retry, n - 1));
      try {
        const value = await attempt(server);
        return { value, server, attempts };
      } catch (e) {
        const error = asClientError(e, server.name);
        const record = { server: server.name, code: error.code };
        attempts.push(record);
        options.onAttemptFailed?.(record, error);
        error.attempts = [...attempts];
        // SKSML-CLT-127: an answer (fault, verified error, failed verification) is final.
        if (!error.retryable) throw error;
        last = error;
      }
    }
  }
  throw last as ClientError;
}
