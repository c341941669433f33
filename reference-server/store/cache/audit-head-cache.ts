/**
 * The audit checkpoint and the newest audit entries as stored, kept under the change guard so an
 * append does not read both rows again when nothing else can have changed them (spec/store.md
 * §6.2). Only write transactions use it (readers outside one must never see a pending append).
 * Values are kept exactly as a read would return them (built by the same row reader from the
 * values written), and handed out as copies. The audit module still checks what it gets (seals,
 * unless the bytes are the ones it sealed itself; the hash link to the checkpoint).
 */
import type { StoredAuditCheckpoint, StoredAuditEntry } from '../records.ts';
import { type ChangeGuard, GuardedValue } from './change-guard.ts';

/** The rows of audit_log with seq > floor are exactly `entries` (in seq order). */
interface Tail {
  readonly floor: number;
  readonly entries: readonly StoredAuditEntry[];
}

export function copyAuditEntry(e: StoredAuditEntry): StoredAuditEntry {
  return {
    ...e,
    at: new Date(e.at.getTime()),
    globalKeyIds: [...e.globalKeyIds],
    previousHash: Uint8Array.from(e.previousHash),
    seal: Uint8Array.from(e.seal),
  };
}

export function copyAuditCheckpoint(c: StoredAuditCheckpoint): StoredAuditCheckpoint {
  return {
    ...c,
    at: new Date(c.at.getTime()),
    headHash: Uint8Array.from(c.headHash),
    seal: Uint8Array.from(c.seal),
  };
}

export class AuditHeadCache {
  private readonly checkpoint: GuardedValue<{ readonly row: StoredAuditCheckpoint | undefined }>;
  private readonly tail: GuardedValue<Tail>;

  constructor(guard: ChangeGuard | undefined) {
    this.checkpoint = new GuardedValue(guard);
    this.tail = new GuardedValue(guard);
  }

  /** The stored checkpoint (`{ row: undefined }` when there is none), or undefined when unknown. */
  getCheckpoint(): { readonly row: StoredAuditCheckpoint | undefined } | undefined {
    const known = this.checkpoint.get();
    return known && { row: known.row && copyAuditCheckpoint(known.row) };
  }

  /** Records the checkpoint as read or as written; a malformed one is never kept. */
  setCheckpoint(row: StoredAuditCheckpoint | undefined): void {
    if (row?.malformed !== undefined) this.checkpoint.clear();
    else this.checkpoint.set({ row: row && copyAuditCheckpoint(row) });
  }

  /** What `listEntries(afterSeq, limit)` returns, or undefined when the cache cannot tell. */
  listEntries(afterSeq: number, limit: number): StoredAuditEntry[] | undefined {
    const tail = this.tail.get();
    if (tail === undefined || afterSeq < tail.floor) return undefined;
    return tail.entries
      .filter((e) => e.seq > afterSeq)
      .slice(0, limit)
      .map(copyAuditEntry);
  }

  /** Records the result of a read of entries with seq > afterSeq that returned fewer than asked. */
  setComplete(afterSeq: number, entries: readonly StoredAuditEntry[]): void {
    if (entries.some((e) => e.malformed !== undefined)) return this.tail.clear();
    this.tail.set(this.trimmed(afterSeq, entries.map(copyAuditEntry)));
  }

  /** An entry was inserted (the insert succeeded, so no other row has its seq). */
  inserted(entry: StoredAuditEntry): void {
    const tail = this.tail.get();
    if (tail === undefined) return;
    if (entry.malformed !== undefined) return this.tail.clear();
    if (entry.seq <= tail.floor) return;
    const entries = [...tail.entries, copyAuditEntry(entry)].sort((a, b) => a.seq - b.seq);
    this.tail.set(this.trimmed(tail.floor, entries));
  }

  /** Keeps only the newest entry: the rows above the second newest are exactly that one. */
  private trimmed(floor: number, entries: StoredAuditEntry[]): Tail {
    if (entries.length <= 1) return { floor, entries };
    return { floor: entries[entries.length - 2]!.seq, entries: entries.slice(-1) };
  }
}
