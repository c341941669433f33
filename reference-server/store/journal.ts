/**
 * The row journal: a hash chain with one sealed entry per row write (table, primary key, new
 * version, SHA-256 of the row's canonical encoding), and a sealed head (entry count and hash of
 * the last entry). On read, a row must match its latest journal entry, so replaying an old but
 * validly sealed version of a row is detected (spec/store.md §Freshness).
 */
import { encodeCanonicalWith } from '../integrity/canonical-encoding.ts';
import { GENESIS_HASH, hashEntry, sameBytes } from '../integrity/hash-chain.ts';
import type { GuardedValue } from './cache/change-guard.ts';
import { type CommitScope, type DeferredWrite, ScopeKey } from './sql/commit-scope.ts';
import type { SqlExecutor, SqlValue } from './sql/sql-database.ts';
import type { StoreContext } from './store-context.ts';

export interface JournalEntry {
  readonly seq: number;
  readonly table: string;
  readonly pk: string;
  readonly version: number;
  readonly rowDigest: Uint8Array;
  readonly previousHash: Uint8Array;
  readonly seal: Uint8Array;
}

export interface JournalHead {
  readonly count: number;
  readonly headHash: Uint8Array;
  readonly updatedAt: number;
}

/** encodeCanonical(['sksml-store-journal/1', seq, table, pk, version, rowDigest, previousHash]). */
export function encodeJournalEntry(e: Omit<JournalEntry, 'seal'>): Uint8Array {
  return encodeCanonicalWith((w) =>
    w
      .list(7)
      .text('sksml-store-journal/1')
      .value(e.seq)
      .value(e.table)
      .value(e.pk)
      .value(e.version)
      .value(e.rowDigest)
      .value(e.previousHash),
  );
}

/** encodeCanonical(['sksml-store-journal-head/1', count, headHash, updatedAt]). */
function encodeHead(h: JournalHead): Uint8Array {
  return encodeCanonicalWith((w) =>
    w.list(4).text('sksml-store-journal-head/1').value(h.count).value(h.headHash).value(h.updatedAt),
  );
}

const HEAD_ALARM = { table: 'journal_head', primaryKey: '["1"]' } as const;

function asInt(raw: unknown): number | undefined {
  const n = typeof raw === 'string' ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

function asBytes(raw: unknown): Uint8Array | undefined {
  return raw instanceof Uint8Array ? Uint8Array.from(raw) : undefined;
}

export function parseJournalRow(row: Record<string, unknown>): JournalEntry | undefined {
  const seq = asInt(row.seq);
  const version = asInt(row.version);
  const rowDigest = asBytes(row.row_digest);
  const previousHash = asBytes(row.previous_hash);
  const seal = asBytes(row.seal);
  if (seq === undefined || version === undefined || !rowDigest || !previousHash || !seal) return undefined;
  if (typeof row.table_name !== 'string' || typeof row.pk !== 'string') return undefined;
  return { seq, table: row.table_name, pk: row.pk, version, rowDigest, previousHash, seal };
}

/** Creates the empty journal head (count 0) of a freshly migrated store. */
export async function initJournalHead(tx: SqlExecutor, ctx: StoreContext): Promise<void> {
  const head: JournalHead = { count: 0, headHash: GENESIS_HASH, updatedAt: ctx.now().getTime() };
  await tx.run('INSERT INTO journal_head (id, count, head_hash, updated_at, seal) VALUES (1, ?, ?, ?, ?)', [
    head.count,
    head.headHash,
    head.updatedAt,
    await ctx.sealer.seal(encodeHead(head)),
  ]);
}

/**
 * The head this process last sealed or verified, per store context. A head row whose every
 * column (seal included) equals it needs no second MAC check: the same bytes under the same key
 * verify the same way. Any other row (another writer's, a rolled-back savepoint's predecessor, a
 * tampered one) is verified in full.
 */
interface TrustedHead extends JournalHead {
  readonly seal: Uint8Array;
}
const trustedHeads = new WeakMap<StoreContext, TrustedHead>();

function isTrusted(ctx: StoreContext, head: TrustedHead): boolean {
  const known = trustedHeads.get(ctx);
  return (
    known !== undefined &&
    known.count === head.count &&
    known.updatedAt === head.updatedAt &&
    sameBytes(known.headHash, head.headHash) &&
    sameBytes(known.seal, head.seal)
  );
}

/** Reads and verifies the journal head; a missing or bad head raises the alarm. */
export async function readJournalHead(exec: SqlExecutor, ctx: StoreContext): Promise<JournalHead> {
  const [row] = await exec.all('SELECT count, head_hash, updated_at, seal FROM journal_head WHERE id = 1');
  if (row === undefined) return ctx.fail({ ...HEAD_ALARM, reason: 'bad-journal' });
  const count = asInt(row.count);
  const headHash = asBytes(row.head_hash);
  const updatedAt = asInt(row.updated_at);
  const seal = asBytes(row.seal);
  if (count === undefined || !headHash || updatedAt === undefined || !seal)
    return ctx.fail({ ...HEAD_ALARM, reason: 'malformed' });
  const head = { count, headHash, updatedAt };
  if (isTrusted(ctx, { ...head, seal })) return head;
  if (!(await ctx.sealer.verify(encodeHead(head), seal)))
    return ctx.fail({ ...HEAD_ALARM, reason: 'bad-journal' });
  trustedHeads.set(ctx, { ...head, seal });
  return head;
}

/** Seals and writes `head` as the stored journal head, and remembers it as this store's head. */
async function writeJournalHead(
  exec: SqlExecutor,
  ctx: StoreContext,
  head: JournalHead,
  known: GuardedValue<JournalHead> | undefined,
): Promise<void> {
  const seal = await ctx.sealer.seal(encodeHead(head));
  await exec.run('UPDATE journal_head SET count = ?, head_hash = ?, updated_at = ?, seal = ? WHERE id = 1', [
    head.count,
    head.headHash,
    head.updatedAt,
    seal,
  ]);
  trustedHeads.set(ctx, { ...head, seal });
  known?.set(head);
}

/**
 * The journal head as the row writes of the current database transaction left it, kept in the
 * transaction's commit scope (sql/commit-scope.ts) and written once, before the COMMIT. Rolling
 * back a savepoint puts back the head of when it opened, so the head written always names the
 * last entry that commits.
 */
export class PendingJournalHead implements DeferredWrite {
  constructor(
    readonly head: JournalHead,
    readonly pending: boolean,
    private readonly exec: SqlExecutor,
    private readonly ctx: StoreContext,
    private readonly known: GuardedValue<JournalHead> | undefined,
  ) {}

  async flush(): Promise<PendingJournalHead> {
    await writeJournalHead(this.exec, this.ctx, this.head, this.known);
    return new PendingJournalHead(this.head, false, this.exec, this.ctx, this.known);
  }
}

/** Where a database transaction keeps its journal head until the COMMIT. */
export const JOURNAL_HEAD = new ScopeKey<PendingJournalHead>('journal-head');

/** Entries per INSERT statement (7 parameters each). */
const ENTRIES_PER_INSERT = 16;
const ENTRY_VALUES = '(?, ?, ?, ?, ?, ?, ?)';
const INSERT_ENTRIES: string[] = [];
function insertEntriesSql(count: number): string {
  return (INSERT_ENTRIES[count] ??=
    `INSERT INTO row_journal (seq, table_name, pk, version, row_digest, previous_hash, seal) VALUES ${Array.from(
      { length: count },
      () => ENTRY_VALUES,
    ).join(', ')}`);
}

/**
 * Appends journal entries for the row writes of one store write transaction. Each entry is sealed
 * at once and inserted, with the entries buffered after it, in one statement (`flushEntries`)
 * before the next read, savepoint or the end of the transaction, so nothing ever reads the journal
 * without them. The head advances in the commit scope (`PendingJournalHead`); it is read (and
 * verified) only when neither the scope nor this store's memory knows it (spec/store.md §4, §6.2).
 */
export class JournalWriter {
  /** Sealed entries not yet inserted, in seq order. */
  private readonly buffered: JournalEntry[] = [];

  /**
   * @param known the head as this store last wrote or verified it, kept while the change guard
   *   says no other connection committed and none of this store's work was undone since: it is
   *   then exactly the stored head, so the first write of a transaction needs no head read.
   */
  constructor(
    private readonly exec: SqlExecutor,
    private readonly ctx: StoreContext,
    private readonly scope: CommitScope,
    private readonly known?: GuardedValue<JournalHead>,
  ) {}

  get hasBuffered(): boolean {
    return this.buffered.length > 0;
  }

  /** Appends one entry (inside the caller's write transaction) and advances the pending head. */
  async append(table: string, pk: string, version: number, rowDigest: Uint8Array): Promise<void> {
    let head = this.scope.get(JOURNAL_HEAD)?.head ?? this.known?.get();
    if (head === undefined) {
      head = await readJournalHead(this.exec, this.ctx);
      this.known?.set(head);
    }
    const body = { seq: head.count + 1, table, pk, version, rowDigest, previousHash: head.headHash };
    const encoded = encodeJournalEntry(body);
    const next: JournalHead = {
      count: body.seq,
      headHash: hashEntry(encoded),
      updatedAt: this.ctx.now().getTime(),
    };
    const seal = await this.ctx.sealer.seal(encoded);
    // The entry is inserted with the next flush; if that insert fails, the transaction fails.
    // Written out, not spread: on Node 20 a property after a spread costs ~0.5 µs.
    this.buffered.push({
      seq: body.seq,
      table,
      pk,
      version,
      rowDigest,
      previousHash: body.previousHash,
      seal,
    });
    this.scope.set(JOURNAL_HEAD, new PendingJournalHead(next, true, this.exec, this.ctx, this.known));
  }

  /** Inserts the buffered entries, several per statement. */
  async flushEntries(): Promise<void> {
    while (this.buffered.length > 0) {
      const chunk = this.buffered.slice(0, ENTRIES_PER_INSERT);
      const params: SqlValue[] = [];
      for (const e of chunk)
        params.push(e.seq, e.table, e.pk, e.version, e.rowDigest, e.previousHash, e.seal);
      await this.exec.run(insertEntriesSql(chunk.length), params);
      this.buffered.splice(0, chunk.length);
    }
  }

  /** A savepoint rolled back: the entries buffered since it opened (all of them, see sql-store.ts) go. */
  dropBuffered(): void {
    this.buffered.length = 0;
  }
}

/** The latest journal entry of a row, verified; undefined when the row was never journaled. */
export async function latestJournalEntry(
  exec: SqlExecutor,
  ctx: StoreContext,
  table: string,
  pk: string,
): Promise<JournalEntry | undefined> {
  const [row] = await exec.all(
    'SELECT seq, table_name, pk, version, row_digest, previous_hash, seal FROM row_journal WHERE table_name = ? AND pk = ? ORDER BY seq DESC LIMIT 1',
    [table, pk],
  );
  if (row === undefined) return undefined;
  const entry = parseJournalRow(row);
  if (entry === undefined) return ctx.fail({ table, primaryKey: pk, reason: 'bad-journal' });
  if (!(await ctx.sealer.verify(encodeJournalEntry(entry), entry.seal)))
    return ctx.fail({ table, primaryKey: pk, reason: 'bad-journal' });
  return entry;
}

/** Journal entries with seq > afterSeq, in order, unverified (for the full integrity scan). */
export async function listJournal(
  exec: SqlExecutor,
  afterSeq: number,
  limit: number,
): Promise<Record<string, unknown>[]> {
  return exec.all(
    'SELECT seq, table_name, pk, version, row_digest, previous_hash, seal FROM row_journal WHERE seq > ? ORDER BY seq LIMIT ?',
    [afterSeq, limit],
  );
}

export { encodeHead as encodeJournalHead };
