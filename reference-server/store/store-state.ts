/**
 * What one store keeps in memory between calls (spec/store.md §6.2): the change guard of its
 * database, the verified-read cache, the known journal head, the audit head, and the sequence
 * blocks; and, per write transaction, what that transaction must do when it commits or fails.
 */
import { AuditHeadCache } from './cache/audit-head-cache.ts';
import { type ChangeGuard, GuardedValue } from './cache/change-guard.ts';
import { PendingBlocks, SequenceBlocks } from './cache/sequence-blocks.ts';
import { VerifiedReadCache } from './cache/verified-read-cache.ts';
import type { JournalHead } from './journal.ts';
import type { CommitScope, ScopeMark } from './sql/commit-scope.ts';
import { CLIENTS, KEY_CLASSES } from './tables.ts';

/** Tables whose rows the verified-read cache holds. */
const CACHED_TABLES: ReadonlySet<string> = new Set([CLIENTS.name, KEY_CLASSES.name]);

export class SharedStoreState {
  readonly reads: VerifiedReadCache;
  readonly journalHead: GuardedValue<JournalHead>;
  readonly audit: AuditHeadCache;
  readonly sequences: SequenceBlocks;

  constructor(
    readonly guard: ChangeGuard | undefined,
    sequenceBlockSize?: number,
  ) {
    this.reads = new VerifiedReadCache(guard);
    this.journalHead = new GuardedValue(guard);
    this.audit = new AuditHeadCache(guard);
    this.sequences = new SequenceBlocks(sequenceBlockSize);
  }
}

/** What to go back to when a savepoint rolls back. */
export interface WriteMark {
  readonly blocks: number;
  readonly scope: ScopeMark;
}

/** One write transaction's bookkeeping. */
export class WriteState {
  readonly blocks = new PendingBlocks();
  private wroteCachedTable = false;

  /**
   * @param scope the commit scope of the database transaction this store transaction runs in: the
   *   journal head and the audit checkpoint wait there until the COMMIT (sql/commit-scope.ts).
   */
  constructor(
    readonly shared: SharedStoreState,
    readonly scope: CommitScope,
  ) {}

  /** Called before every row write. */
  noteWrite(table: string): void {
    if (this.wroteCachedTable || !CACHED_TABLES.has(table)) return;
    this.wroteCachedTable = true;
    this.shared.reads.beginWrite();
  }

  /** A savepoint opens: what to go back to if it rolls back. */
  mark(): WriteMark {
    return { blocks: this.blocks.mark(), scope: this.scope.mark() };
  }

  /** The savepoint opened at `mark` is being rolled back. */
  rollingBackTo(mark: WriteMark): void {
    this.shared.guard?.invalidate();
    this.blocks.rollbackTo(mark.blocks);
    this.scope.restore(mark.scope);
  }

  /** The transaction's function rejected: its work is being rolled back. */
  failing(): void {
    this.shared.guard?.invalidate();
    this.blocks.clear();
  }

  /** The transaction is over: committed (durable) or not. */
  settle(committed: boolean): void {
    if (committed) this.shared.sequences.publish(this.blocks.drain());
    else {
      this.shared.guard?.invalidate();
      this.blocks.clear();
    }
    if (this.wroteCachedTable) {
      this.wroteCachedTable = false;
      this.shared.reads.endWrite();
    }
  }
}
