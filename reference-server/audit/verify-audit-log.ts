/**
 * Walks the audit chain from entry 1 and reports the FIRST bad entry: its sequence number and why
 * (edited, missing, out of order, inserted, truncated, or a bad checkpoint). With an external
 * anchor (count and head hash published earlier) it also detects a rollback of the whole log.
 */
import { GENESIS_HASH, sameBytes } from '../integrity/hash-chain.ts';
import type { RecordVerifier } from '../integrity/record-sealer.ts';
import type { StoreOperations } from '../store/store.ts';
import { encodeAuditCheckpoint, encodeAuditEntry, hashAuditEntry } from './audit-entry.ts';

export type AuditFailureReason =
  /** A stored column could not be read back. */
  | 'malformed'
  /** The entry's seal does not verify: it was edited, moved to another position, or forged. */
  | 'bad-seal'
  /** The entry with this sequence number is missing (deleted). */
  | 'missing-entry'
  /** The entry verifies but does not link to its predecessor (reordered or inserted chain). */
  | 'broken-link'
  /** The log ends before the checkpoint's (or anchor's) count: the tail was removed. */
  | 'truncated'
  /** Entries exist beyond the checkpoint: appended behind the log's back. */
  | 'beyond-checkpoint'
  /** The checkpoint is missing, unreadable, badly sealed, or names another head hash. */
  | 'bad-checkpoint'
  /** The entry at the anchor's count is not the one the anchor recorded. */
  | 'anchor-mismatch';

export type AuditVerification =
  | { readonly ok: true; readonly count: number; readonly headHash: Uint8Array }
  | {
      readonly ok: false;
      readonly seq: number;
      readonly reason: AuditFailureReason;
      readonly detail: string;
    };

export interface AuditAnchor {
  readonly count: number;
  readonly headHash: Uint8Array;
}

export interface VerifyAuditOptions {
  /** A checkpoint kept outside the store (published or printed earlier). */
  readonly anchor?: AuditAnchor;
  /** Entries read per query (default 500). */
  readonly pageSize?: number;
}

type Failure = Extract<AuditVerification, { ok: false }>;

const failure = (seq: number, reason: AuditFailureReason, detail: string): Failure => ({
  ok: false,
  seq,
  reason,
  detail,
});

export async function verifyAuditLog(
  store: Pick<StoreOperations, 'audit'>,
  verifier: RecordVerifier,
  options: VerifyAuditOptions = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 500;
  const anchor = options.anchor;
  let expected = 1;
  let previous = GENESIS_HASH;
  let hashAtAnchor: Uint8Array | undefined = anchor?.count === 0 ? GENESIS_HASH : undefined;
  for (;;) {
    const page = await store.audit.listEntries(expected - 1, pageSize);
    for (const entry of page) {
      if (entry.seq !== expected)
        return failure(
          expected,
          'missing-entry',
          `entry ${expected} is missing (next stored entry is ${entry.seq})`,
        );
      if (entry.malformed !== undefined)
        return failure(entry.seq, 'malformed', `column ${entry.malformed} cannot be read`);
      if (!(await verifier.verify(encodeAuditEntry(entry), entry.seal)))
        return failure(entry.seq, 'bad-seal', 'the seal does not verify: entry edited, moved or forged');
      if (!sameBytes(entry.previousHash, previous))
        return failure(entry.seq, 'broken-link', 'the entry does not link to the previous entry');
      previous = hashAuditEntry(entry);
      if (anchor?.count === entry.seq) hashAtAnchor = previous;
      expected++;
    }
    if (page.length < pageSize) break;
  }
  const count = expected - 1;

  const checkpoint = await store.audit.getCheckpoint();
  if (checkpoint === undefined) {
    if (count > 0) return failure(count, 'bad-checkpoint', 'entries exist but the checkpoint is missing');
  } else {
    if (checkpoint.malformed !== undefined)
      return failure(count, 'bad-checkpoint', 'the checkpoint cannot be read');
    if (!(await verifier.verify(encodeAuditCheckpoint(checkpoint), checkpoint.seal)))
      return failure(checkpoint.count, 'bad-checkpoint', 'the checkpoint seal does not verify');
    if (count < checkpoint.count)
      return failure(
        count + 1,
        'truncated',
        `the log ends at ${count}; the checkpoint counts ${checkpoint.count}`,
      );
    if (count > checkpoint.count)
      return failure(
        checkpoint.count + 1,
        'beyond-checkpoint',
        `entries after ${checkpoint.count} are not checkpointed`,
      );
    if (!sameBytes(checkpoint.headHash, previous))
      return failure(count, 'bad-checkpoint', 'the checkpoint names another head');
  }
  if (anchor !== undefined) {
    if (count < anchor.count)
      return failure(count + 1, 'truncated', `the log ends at ${count}; the anchor counts ${anchor.count}`);
    if (hashAtAnchor === undefined || !sameBytes(hashAtAnchor, anchor.headHash))
      return failure(
        anchor.count,
        'anchor-mismatch',
        'the entry at the anchor differs from the anchored one',
      );
  }
  return { ok: true, count, headHash: previous };
}
