/**
 * Raw storage of the audit chain (entries and the checkpoint). The audit module builds, seals and
 * verifies; this code only stores and reads back, flagging values it cannot read.
 */
import type { AuditHeadCache } from '../cache/audit-head-cache.ts';
import type { AuditCheckpointDraft, StoredAuditCheckpoint, StoredAuditEntry } from '../records.ts';
import { type CommitScope, type DeferredWrite, ScopeKey } from '../sql/commit-scope.ts';
import type { SqlExecutor, SqlValue } from '../sql/sql-database.ts';
import type { AuditStorage } from '../store.ts';
import { parseStringList } from './values.ts';

function toInt(raw: unknown): number | undefined {
  const n =
    typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

function toBytes(raw: unknown): Uint8Array | undefined {
  return raw instanceof Uint8Array ? Uint8Array.from(raw) : undefined;
}

function toOptionalText(raw: unknown): string | null | undefined {
  return raw === null ? null : typeof raw === 'string' ? raw : undefined;
}

function readEntry(row: Record<string, unknown>): StoredAuditEntry {
  const seq = toInt(row.seq);
  const at = toInt(row.at);
  const ids = typeof row.global_key_ids === 'string' ? parseStringList(row.global_key_ids) : undefined;
  const clientId = toOptionalText(row.client_id);
  const errorCode = toOptionalText(row.error_code);
  const previousHash = toBytes(row.previous_hash);
  const seal = toBytes(row.seal);
  const bad = [
    seq === undefined && 'seq',
    at === undefined && 'at',
    typeof row.operation !== 'string' && 'operation',
    clientId === undefined && 'client_id',
    ids === undefined && 'global_key_ids',
    typeof row.outcome !== 'string' && 'outcome',
    errorCode === undefined && 'error_code',
    previousHash === undefined && 'previous_hash',
    seal === undefined && 'seal',
  ].find((x) => typeof x === 'string');
  return {
    seq: seq ?? -1,
    at: new Date(at ?? 0),
    operation: typeof row.operation === 'string' ? row.operation : '',
    clientId: clientId ?? null,
    globalKeyIds: ids ?? [],
    outcome: typeof row.outcome === 'string' ? row.outcome : '',
    errorCode: errorCode ?? null,
    previousHash: previousHash ?? new Uint8Array(0),
    seal: seal ?? new Uint8Array(0),
    ...(bad === undefined ? {} : { malformed: bad }),
  };
}

function readCheckpoint(row: Record<string, unknown>): StoredAuditCheckpoint {
  const count = toInt(row.count);
  const at = toInt(row.at);
  const headHash = toBytes(row.head_hash);
  const seal = toBytes(row.seal);
  const checkpoint: StoredAuditCheckpoint = {
    count: count ?? -1,
    at: new Date(at ?? 0),
    headHash: headHash ?? new Uint8Array(0),
    seal: seal ?? new Uint8Array(0),
  };
  return count === undefined || at === undefined || !headHash || !seal
    ? { ...checkpoint, malformed: 'audit_checkpoint' }
    : checkpoint;
}

function entryRow(e: StoredAuditEntry): Record<string, unknown> & { readonly params: SqlValue[] } {
  const at = e.at.getTime();
  const globalKeyIds = JSON.stringify(e.globalKeyIds);
  // One literal, not `{ ...row, params }`: on Node 20 a property added after a spread costs ~0.5 µs.
  return {
    seq: e.seq,
    at,
    operation: e.operation,
    client_id: e.clientId,
    global_key_ids: globalKeyIds,
    outcome: e.outcome,
    error_code: e.errorCode,
    previous_hash: e.previousHash,
    seal: e.seal,
    params: [
      e.seq,
      at,
      e.operation,
      e.clientId,
      globalKeyIds,
      e.outcome,
      e.errorCode,
      e.previousHash,
      e.seal,
    ],
  };
}

async function insertEntryRow(tx: SqlExecutor, e: StoredAuditEntry, cache: AuditHeadCache | undefined) {
  const { params, ...row } = entryRow(e);
  await tx.run(
    'INSERT INTO audit_log (seq, at, operation, client_id, global_key_ids, outcome, error_code, previous_hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    params,
  );
  cache?.inserted(readEntry(row));
}

async function writeCheckpointRow(
  tx: SqlExecutor,
  c: StoredAuditCheckpoint,
  cache: AuditHeadCache | undefined,
): Promise<void> {
  const row = { count: c.count, head_hash: c.headHash, at: c.at.getTime(), seal: c.seal };
  const params = [row.count, row.head_hash, row.at, row.seal];
  const changed = await tx.run(
    'UPDATE audit_checkpoint SET count = ?, head_hash = ?, at = ?, seal = ? WHERE id = 1',
    params,
  );
  if (changed === 0)
    await tx.run(
      'INSERT INTO audit_checkpoint (id, count, head_hash, at, seal) VALUES (1, ?, ?, ?, ?)',
      params,
    );
  cache?.setCheckpoint(readCheckpoint(row));
}

/**
 * The checkpoint an append left in the commit scope of its database transaction: sealed and
 * written once, before the COMMIT (or earlier, when another audit call needs the stored row).
 */
class PendingAuditCheckpoint implements DeferredWrite {
  constructor(
    readonly draft: AuditCheckpointDraft,
    readonly pending: boolean,
    private readonly exec: SqlExecutor,
    private readonly cache: AuditHeadCache | undefined,
  ) {}

  async flush(): Promise<PendingAuditCheckpoint> {
    const { count, headHash, at } = this.draft;
    const checkpoint: StoredAuditCheckpoint = { count, headHash, at, seal: await this.draft.seal() };
    await writeCheckpointRow(this.exec, checkpoint, this.cache);
    this.draft.written?.(checkpoint);
    return new PendingAuditCheckpoint(this.draft, false, this.exec, this.cache);
  }
}

const AUDIT_CHECKPOINT = new ScopeKey<PendingAuditCheckpoint>('audit-checkpoint');

/**
 * Writes the checkpoint an append left pending (if any) and forgets it, so that the stored rows
 * are exactly what they would be had every append written its own checkpoint. Inside a savepoint,
 * a rollback puts the pending checkpoint back (commit-scope.ts) and undoes the write.
 */
async function settlePending(scope: CommitScope | undefined): Promise<void> {
  const pending = scope?.get(AUDIT_CHECKPOINT);
  if (pending === undefined) return;
  if (pending.pending) await pending.flush();
  scope!.delete(AUDIT_CHECKPOINT);
}

/**
 * @param cache the audit head kept in memory (write transactions of a guarded database only):
 *   reads are answered from it when it knows the answer, and writes keep it up to date. Its
 *   values are built by the same readers from the values written, so they equal a read.
 * @param scope the commit scope of the write transaction (transaction handles only): appends
 *   leave their checkpoint there until the COMMIT.
 */
export function createAuditStorage(
  exec: SqlExecutor,
  write: <T>(fn: (tx: SqlExecutor, scope: CommitScope) => Promise<T>) => Promise<T>,
  cache?: AuditHeadCache,
  scope?: CommitScope,
): AuditStorage {
  return {
    insertEntry: (e) =>
      write(async (tx) => {
        await settlePending(scope);
        await insertEntryRow(tx, e, cache);
      }),
    async listEntries(afterSeq, limit) {
      const known = cache?.listEntries(afterSeq, limit);
      if (known !== undefined) return known;
      const rows = await exec.all(
        'SELECT seq, at, operation, client_id, global_key_ids, outcome, error_code, previous_hash, seal FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
        [afterSeq, limit],
      );
      const entries = rows.map(readEntry);
      // Fewer rows than asked for: these are all the rows above afterSeq.
      if (entries.length < limit) cache?.setComplete(afterSeq, entries);
      return entries;
    },
    async getCheckpoint() {
      await settlePending(scope);
      const known = cache?.getCheckpoint();
      if (known !== undefined) return known.row;
      const [row] = await exec.all('SELECT count, head_hash, at, seal FROM audit_checkpoint WHERE id = 1');
      const checkpoint = row === undefined ? undefined : readCheckpoint(row);
      cache?.setCheckpoint(checkpoint);
      return checkpoint;
    },
    putCheckpoint: (c) =>
      write(async (tx) => {
        await settlePending(scope);
        await writeCheckpointRow(tx, c, cache);
      }),
    appendEntry: (e, checkpoint) =>
      write(async (tx, txScope) => {
        await insertEntryRow(tx, e, cache);
        // The commit scope of the transaction that runs this: the handle's, or (outside a
        // transaction handle) the one of the transaction `write` opened, flushed at its commit.
        txScope.set(AUDIT_CHECKPOINT, new PendingAuditCheckpoint(checkpoint, true, tx, cache));
      }),
    pendingCheckpoint: () => scope?.get(AUDIT_CHECKPOINT)?.draft,
  };
}
