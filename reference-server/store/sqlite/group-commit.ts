/**
 * Group commit for the SQLite back end (spec/store.md §6.1). Write transactions that callers start
 * while another batch is running queue up; the next batch runs them one after the other inside ONE
 * database transaction, each in its own SAVEPOINT, and commits once. A caller's promise settles
 * only after that shared COMMIT has returned (so its changes are durable before it resolves), and
 * a caller whose `fn` rejects has only its own savepoint rolled back: the others' work commits.
 *
 * The work of one caller still runs alone (closures never interleave), so the result is the same as
 * running the transactions one by one in queue order; only the number of COMMITs (fsyncs) drops.
 */

import { CommitScope } from '../sql/commit-scope.ts';

/** The SQL operations a batch needs; all synchronous (better-sqlite3). */
export interface BatchConnection {
  begin(): void;
  commit(): void;
  rollback(): void;
  savepoint(name: string): void;
  release(name: string): void;
  rollbackTo(name: string): void;
  inTransaction(): boolean;
  /** Called (before anything else runs) when work is being undone: one closure or a whole batch. */
  failed?(): void;
}

interface PendingWrite<E> {
  readonly fn: (executor: E, scope: CommitScope) => Promise<unknown>;
  /** Shares the batch's commit scope (sql/commit-scope.ts) instead of seeing it flushed first. */
  readonly joinScope: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Most transactions committed together; later arrivals wait for the next batch. */
export const MAX_BATCH = 64;
const SAVEPOINT = 'sksml_batch';

export class GroupCommit<E> {
  private readonly pending: PendingWrite<E>[] = [];
  private scheduled = false;

  /**
   * @param runExclusive runs the batch under the connection's mutex (readers and other writers wait).
   */
  constructor(
    private readonly connection: BatchConnection,
    private readonly executor: E,
    private readonly runExclusive: (batch: () => Promise<void>) => Promise<void>,
    private readonly maxBatch: number = MAX_BATCH,
  ) {}

  /**
   * Runs `fn` in the next batch; resolves with its result once the batch has committed. Every
   * function of a batch receives the batch's one commit scope, flushed just before the COMMIT.
   * Unless `joinScope`, what earlier functions left in it is written and forgotten before `fn` runs.
   */
  run<T>(fn: (executor: E, scope: CommitScope) => Promise<T>, joinScope = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, joinScope, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) this.schedule();
    });
  }

  private async runBatch(): Promise<void> {
    const done: { write: PendingWrite<E>; result: unknown }[] = [];
    try {
      this.connection.begin();
    } catch (error) {
      for (const write of this.pending.splice(0, this.maxBatch)) write.reject(error);
      this.scheduleNext();
      return;
    }
    /** The write being run and not yet answered or recorded in `done`. */
    let current: PendingWrite<E> | undefined;
    // Writes deferred to the COMMIT by the closures of this batch (sql/commit-scope.ts).
    const scope = new CommitScope();
    try {
      // Later arrivals join this batch while it runs, up to maxBatch.
      while (done.length < this.maxBatch && (current = this.pending.shift()) !== undefined) {
        const write = current;
        // A closure that does not know the scope must find every row written, as if alone.
        if (!write.joinScope) await scope.flushAndClear();
        const mark = scope.mark();
        this.connection.savepoint(SAVEPOINT);
        let result: unknown;
        try {
          result = await write.fn(this.executor, scope);
        } catch (error) {
          // Only this caller's changes go; the error is its own, so it is answered right away.
          current = undefined;
          write.reject(error);
          scope.restore(mark);
          this.rollbackOne();
          continue;
        }
        this.connection.release(SAVEPOINT);
        current = undefined;
        done.push({ write, result });
      }
      // The deferred writes are part of the batch: if they fail, the whole batch fails.
      await scope.flush();
      this.connection.commit();
    } catch (error) {
      this.connection.failed?.();
      current?.reject(error);
      // The batch as a whole failed (COMMIT, or the database ended the transaction): nothing of
      // it is durable, so every caller whose work was in it fails.
      try {
        if (this.connection.inTransaction()) this.connection.rollback();
      } catch {
        // Nothing more to undo: the connection reports the transaction gone or unusable.
      }
      for (const { write } of done) write.reject(error);
      this.scheduleNext();
      return;
    }
    for (const { write, result } of done) write.resolve(result);
    this.scheduleNext();
  }

  private rollbackOne(): void {
    this.connection.failed?.();
    // When the database already ended the whole transaction, the batch fails (caught above).
    if (!this.connection.inTransaction()) throw new Error('the batch transaction ended');
    this.connection.rollbackTo(SAVEPOINT);
    this.connection.release(SAVEPOINT);
  }

  /**
   * Starts the next batch on the next turn of the event loop, not at once: the store calls of a
   * request settle in microtasks, so a batch started at once would hold only the request that
   * started it. One turn later, every request whose I/O became ready in this turn has queued.
   */
  private schedule(): void {
    this.scheduled = true;
    setImmediate(() => void this.runExclusive(() => this.runBatch()));
  }

  /** The batch is over: callers that queued after it ended get a batch of their own. */
  private scheduleNext(): void {
    this.scheduled = false;
    if (this.pending.length > 0) this.schedule();
  }
}
