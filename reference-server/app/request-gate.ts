/**
 * Admission control for POST /sks: at most `maxConcurrent` requests in the pipeline (excess gets
 * 503 with Retry-After, no queue), none once shutdown began, and a record of the in-flight work so
 * shutdown can wait for it to finish.
 */
export interface RequestGate {
  /**
   * Runs `work` if a slot is free; returns 'busy' or 'stopping' without running it otherwise, and
   * 'timeout' when it has not finished after `timeoutMs`. The slot stays taken until the work
   * itself settles, even after a timeout, so slow work cannot pile up beyond the limit.
   */
  run<T>(work: () => Promise<T>, timeoutMs: number): Promise<T | 'busy' | 'stopping' | 'timeout'>;
  readonly inFlight: number;
  readonly stopping: boolean;
  /** Refuses new work from now on and resolves when the in-flight work has settled (or `timeoutMs` passed). */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createRequestGate(maxConcurrent: number): RequestGate {
  const active = new Set<Promise<unknown>>();
  let stopping = false;
  return {
    get inFlight() {
      return active.size;
    },
    get stopping() {
      return stopping;
    },
    run(work, timeoutMs) {
      if (stopping) return Promise.resolve('stopping');
      if (active.size >= maxConcurrent) return Promise.resolve('busy');
      let running: ReturnType<typeof work>;
      try {
        running = work();
      } catch (error) {
        // The work's own failure, passed on unchanged (as an async function would).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        return Promise.reject(error);
      }
      active.add(running);
      // One promise settled by whichever comes first, the work or the timer (no race, no timer
      // promise); the slot is released when the work settles, even after a timeout.
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve('timeout'), timeoutMs);
        running.then(
          (value) => {
            active.delete(running);
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            active.delete(running);
            clearTimeout(timer);
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
            reject(error);
          },
        );
      });
    },
    async drain(timeoutMs) {
      stopping = true;
      if (active.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const settled = Promise.allSettled([...active]).then(() => true as const);
      try {
        return await Promise.race([settled, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
