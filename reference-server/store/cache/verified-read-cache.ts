/**
 * Results of hot verified reads (a client by fingerprint, a key class by name) kept in memory
 * under the change guard (spec/store.md §6.2). A result is returned from memory only while the
 * guard says no other connection committed and none of this store's work was undone since it
 * was read, and while no write of this store to a cached table is in flight:
 *
 * - a write to a cached table (clients, key_classes) calls `beginWrite()` at once, which
 *   drops every entry (so the writer and everyone else read the database again) and stops
 *   new entries until `endWrite()`, called after that transaction committed or failed. Entries
 *   are therefore only ever made from committed rows, never from another transaction's
 *   uncommitted writes;
 * - a read that ran while the guard changed (a rollback, a write) is not remembered.
 *
 * So a hit returns exactly the verified result a read of the database would return now. Callers
 * get copies (`copy`), never the cached object.
 */
import type { ChangeGuard, ChangeToken } from './change-guard.ts';

interface Entry {
  readonly value: unknown;
  readonly token: ChangeToken;
}

export const MAX_CACHED_READS = 1024;

/** When a read started: a result is remembered only if neither changed until it ended. */
export interface ReadStart {
  readonly generation: number;
  readonly epoch: number;
}

export class VerifiedReadCache {
  private readonly entries = new Map<string, Entry>();
  private writers = 0;
  /** Changes with every write to a cached table (begin and end). */
  private epoch = 0;

  constructor(
    private readonly guard: ChangeGuard | undefined,
    private readonly maxEntries = MAX_CACHED_READS,
  ) {}

  /** The cached result for `key` (wrapped, so a cached "not found" is `{ value: undefined }`). */
  lookup(key: string): { readonly value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || this.guard === undefined) return undefined;
    if (this.writers === 0 && this.guard.isCurrent(entry.token)) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** Call before a read whose result may be remembered; undefined when it may not be. */
  begin(): ReadStart | undefined {
    if (this.guard === undefined || this.writers > 0) return undefined;
    return { generation: this.guard.currentGeneration, epoch: this.epoch };
  }

  /**
   * Remembers `value` read for `key` by a read that started at `started` (from `begin()`), if
   * nothing changed meanwhile (no rollback, no write to a cached table). Call it inside the read's
   * snapshot or transaction, so the data version recorded is the one the read saw.
   */
  remember(key: string, started: ReadStart | undefined, value: unknown): void {
    const guard = this.guard;
    if (guard === undefined || started === undefined || this.writers > 0) return;
    if (guard.currentGeneration !== started.generation || this.epoch !== started.epoch) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, token: guard.token() });
  }

  /** A write to a cached table is about to happen. */
  beginWrite(): void {
    this.writers += 1;
    this.epoch += 1;
    this.entries.clear();
  }

  /** The transaction that called `beginWrite()` has committed or failed. */
  endWrite(): void {
    this.writers -= 1;
    this.epoch += 1;
    this.entries.clear();
  }
}
