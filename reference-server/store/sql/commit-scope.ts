/**
 * Writes deferred to just before a COMMIT (spec/store.md §4, §6.1, §8.1). The journal head and the
 * audit checkpoint only ever hold the latest state; when several store transactions share one
 * database transaction (SQLite group commit), each of them leaving its own head behind would write
 * and seal rows that the next one overwrites before anybody can read them. So a store transaction
 * records its new head here, in memory, and the database writes the last one once, before COMMIT.
 *
 * One scope belongs to one database transaction. Its values are immutable and follow the
 * transaction's savepoints: `mark()` when a savepoint opens, `restore(mark)` when it rolls back, so
 * the values always describe the work that is still in the transaction. `flush()` writes every
 * pending value (in the order they were first set) and keeps what each write returns.
 */

/** A value whose rows may not be written yet. */
export interface DeferredWrite {
  /** True while the rows this value describes still have to be written. */
  readonly pending: boolean;
  /** Writes the rows (in the scope's transaction); resolves to the value to keep, no longer pending. */
  flush(): Promise<DeferredWrite>;
}

/** Names one value of a scope (compared by identity). */
export class ScopeKey<T extends DeferredWrite> {
  declare private readonly type: T;
  constructor(readonly name: string) {}
}

/** What `mark()` returns: the values when the savepoint opened. */
export type ScopeMark = ReadonlyMap<ScopeKey<DeferredWrite>, DeferredWrite>;

export class CommitScope {
  private values = new Map<ScopeKey<DeferredWrite>, DeferredWrite>();

  get<T extends DeferredWrite>(key: ScopeKey<T>): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set<T extends DeferredWrite>(key: ScopeKey<T>, value: T): void {
    this.values.set(key, value);
  }

  delete(key: ScopeKey<DeferredWrite>): void {
    this.values.delete(key);
  }

  /** True when some value still has rows to write. */
  get pending(): boolean {
    for (const value of this.values.values()) if (value.pending) return true;
    return false;
  }

  mark(): ScopeMark {
    return new Map(this.values);
  }

  /** The savepoint opened at `mark` rolled back: the values go back to what they were then. */
  restore(mark: ScopeMark): void {
    this.values = new Map(mark);
  }

  /** Writes every pending value; a failure propagates (the transaction must then fail). */
  async flush(): Promise<void> {
    for (const [key, value] of this.values) {
      if (value.pending) this.values.set(key, await value.flush());
    }
  }

  /** Writes every pending value, then forgets all of them (before work that bypasses the scope). */
  async flushAndClear(): Promise<void> {
    await this.flush();
    this.values.clear();
  }
}
