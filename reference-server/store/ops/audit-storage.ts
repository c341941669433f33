/**
 * Raw storage of the audit chain (entries and the checkpoint). The audit module builds, seals and
 * verifies; this code only stores and reads back, flagging values it cannot read.
 */
import type { AuditHeadCache } from '../cache/audit-head-cache.ts';
import type { StoredAuditCheckpoint, StoredAuditEntry } from '../records.ts';
import type { SqlExecutor } from '../sql/sql-database.ts';
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

/**
 * @param cache the audit head kept in memory (write transactions of a guarded database only):
 *   reads are answered from it when it knows the answer, and writes keep it up to date. Its
 *   values are built by the same readers from the values written, so they equal a read.
 */
export function createAuditStorage(
  exec: SqlExecutor,
  write: <T>(fn: (tx: SqlExecutor) => Promise<T>) => Promise<T>,
  cache?: AuditHeadCache,
): AuditStorage {
  return {
    insertEntry: (e) =>
      write(async (tx) => {
        const row = {
          seq: e.seq,
          at: e.at.getTime(),
          operation: e.operation,
          client_id: e.clientId,
          global_key_ids: JSON.stringify(e.globalKeyIds),
          outcome: e.outcome,
          error_code: e.errorCode,
          previous_hash: e.previousHash,
          seal: e.seal,
        };
        await tx.run(
          'INSERT INTO audit_log (seq, at, operation, client_id, global_key_ids, outcome, error_code, previous_hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            row.seq,
            row.at,
            row.operation,
            row.client_id,
            row.global_key_ids,
            row.outcome,
            row.error_code,
            row.previous_hash,
            row.seal,
          ],
        );
        cache?.inserted(readEntry(row));
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
      const known = cache?.getCheckpoint();
      if (known !== undefined) return known.row;
      const [row] = await exec.all('SELECT count, head_hash, at, seal FROM audit_checkpoint WHERE id = 1');
      const checkpoint = row === undefined ? undefined : readCheckpoint(row);
      cache?.setCheckpoint(checkpoint);
      return checkpoint;
    },
    putCheckpoint: (c) =>
      write(async (tx) => {
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
      }),
  };
}
