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
    async run(work, timeoutMs) {
      if (stopping) return 'stopping';
      if (active.size >= maxConcurrent) return 'busy';
      const running = work();
      active.add(running);
      const release = (): void => {
        active.delete(running);
      };
      running.then(release, release);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        return await Promise.race([running, timeout]);
      } finally {
        clearTimeout(timer);
      }
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
