/**
 * The signal that lets the store keep verified state in memory (spec/store.md §6.2): a cached
 * value is returned only while nothing can have changed the rows it came from since it was read
 * or written. Two things change rows behind a cache:
 *
 * - another connection commits (another process, an admin tool, an attacker with SQL access).
 *   SQLite's `PRAGMA data_version` changes exactly when a connection sees a commit of ANOTHER
 *   connection, so it covers all of them;
 * - this connection's own work is undone: a savepoint or a transaction rolled back, or a COMMIT
 *   that failed. Every such path calls `invalidate()` before any other statement can run.
 *
 * A token records both (the local generation and the data version) when a value is cached; the
 * value is used only while both are unchanged. PostgreSQL has no equally cheap signal, so its
 * databases have no guard and the store reads and verifies as before.
 */

export interface ChangeToken {
  readonly generation: number;
  readonly dataVersion: number;
}

export class ChangeGuard {
  private generation = 0;

  /** @param readDataVersion the database's version counter for other connections' commits. */
  constructor(private readonly readDataVersion: () => number) {}

  /** The local generation: changes on every `invalidate()`. */
  get currentGeneration(): number {
    return this.generation;
  }

  token(): ChangeToken {
    return { generation: this.generation, dataVersion: this.readDataVersion() };
  }

  /** True while nothing invalidated the guard and no other connection committed since `token`. */
  isCurrent(token: ChangeToken): boolean {
    return token.generation === this.generation && token.dataVersion === this.readDataVersion();
  }

  /** Forgets everything cached so far (this connection's work was undone, or may have been). */
  invalidate(): void {
    this.generation += 1;
  }
}

/** One value kept while the guard says nothing changed; without a guard it is never kept. */
export class GuardedValue<T> {
  private entry: { readonly value: T; readonly token: ChangeToken } | undefined;

  constructor(private readonly guard: ChangeGuard | undefined) {}

  get(): T | undefined {
    const entry = this.entry;
    if (entry === undefined || this.guard === undefined) return undefined;
    if (this.guard.isCurrent(entry.token)) return entry.value;
    this.entry = undefined;
    return undefined;
  }

  set(value: T): void {
    if (this.guard !== undefined) this.entry = { value, token: this.guard.token() };
  }

  clear(): void {
    this.entry = undefined;
  }
}
