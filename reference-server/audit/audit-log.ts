/**
 * Appending to the audit log. Each append runs in one store write transaction: it verifies the
 * current checkpoint and the last entry (so it never extends a chain that was tampered with),
 * writes entry n with hash(entry n-1) and its seal, and advances the sealed checkpoint.
 */
import { GENESIS_HASH, hashEntry, sameBytes } from '../integrity/hash-chain.ts';
import type { IntegrityAlarm, IntegrityAlarmHandler } from '../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../integrity/record-sealer.ts';
import type { StoredAuditEntry } from '../store/records.ts';
import type { SksStore, StoreTransaction } from '../store/store.ts';
import { IntegrityError } from '../store/store-error.ts';
import { type AuditEvent, encodeAuditCheckpoint, encodeAuditEntry, hashAuditEntry } from './audit-entry.ts';

export interface AuditLogOptions {
  readonly store: SksStore;
  /** Seals entries and checkpoints; may differ from the row sealer (e.g. an RSA key auditors can verify). */
  readonly sealer: RecordSealer;
  readonly now?: () => Date;
  readonly onIntegrityAlarm?: IntegrityAlarmHandler;
}

/**
 * The checkpoint and last entry this log last sealed or verified. A stored pair equal to it byte
 * for byte (seals included) verifies the same way again, so its two MAC checks are skipped.
 */
interface TrustedHead {
  readonly count: number;
  readonly headHash: Uint8Array;
  readonly at: number;
  readonly checkpointSeal: Uint8Array;
  readonly lastSeal: Uint8Array | null;
}

function sameHead(a: TrustedHead, b: TrustedHead): boolean {
  return (
    a.count === b.count &&
    a.at === b.at &&
    sameBytes(a.headHash, b.headHash) &&
    sameBytes(a.checkpointSeal, b.checkpointSeal) &&
    (a.lastSeal === null ? b.lastSeal === null : b.lastSeal !== null && sameBytes(a.lastSeal, b.lastSeal))
  );
}

export class AuditLog {
  private readonly now: () => Date;
  private trusted: TrustedHead | undefined;

  constructor(private readonly options: AuditLogOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private fail(alarm: IntegrityAlarm): never {
    try {
      this.options.onIntegrityAlarm?.(alarm);
    } catch {
      // An alarm sink that fails must not turn the refusal into an acceptance.
    }
    throw new IntegrityError(alarm);
  }

  /** Appends one entry; pass `tx` to make it part of the caller's transaction. */
  append(event: AuditEvent, tx?: StoreTransaction): Promise<StoredAuditEntry> {
    const run = (t: StoreTransaction): Promise<StoredAuditEntry> => this.appendIn(t, event);
    return tx === undefined ? this.options.store.withTransaction(run) : tx.withTransaction(run);
  }

  private async verifiedHead(tx: StoreTransaction): Promise<{ count: number; headHash: Uint8Array }> {
    const { sealer } = this.options;
    const checkpoint = await tx.audit.getCheckpoint();
    const where = { table: 'audit_checkpoint', primaryKey: '["1"]' };
    if (checkpoint === undefined) {
      const [first] = await tx.audit.listEntries(0, 1);
      if (first !== undefined) this.fail({ ...where, reason: 'missing-row' });
      return { count: 0, headHash: GENESIS_HASH };
    }
    if (checkpoint.malformed !== undefined) this.fail({ ...where, reason: 'malformed' });
    const tail = await tx.audit.listEntries(Math.max(0, checkpoint.count - 1), 2);
    const last = tail[0];
    const seen: TrustedHead = {
      count: checkpoint.count,
      headHash: checkpoint.headHash,
      at: checkpoint.at.getTime(),
      checkpointSeal: checkpoint.seal,
      lastSeal: last?.seal ?? null,
    };
    const known = this.trusted !== undefined && sameHead(this.trusted, seen);
    if (!known && !(await sealer.verify(encodeAuditCheckpoint(checkpoint), checkpoint.seal)))
      this.fail({ ...where, reason: 'bad-seal' });
    const lastOk =
      checkpoint.count === 0
        ? tail.length === 0
        : tail.length === 1 &&
          last !== undefined &&
          last.malformed === undefined &&
          last.seq === checkpoint.count &&
          // The hash binds the entry's content to the checkpoint; the seal is compared above.
          sameBytes(hashAuditEntry(last), checkpoint.headHash) &&
          (known || (await sealer.verify(encodeAuditEntry(last), last.seal)));
    if (!lastOk)
      this.fail({ table: 'audit_log', primaryKey: `["${checkpoint.count}"]`, reason: 'bad-journal' });
    this.trusted = seen;
    return checkpoint;
  }

  private async appendIn(tx: StoreTransaction, event: AuditEvent): Promise<StoredAuditEntry> {
    const { sealer } = this.options;
    // An append of this log earlier in the same database transaction left the head it made. It
    // was computed here, not read, and nothing else has written the chain since (every other
    // audit call writes the pending checkpoint first and drops it), so it is the head that reading
    // and verifying the two rows would give. Anything else is read and verified.
    const pending = tx.audit.pendingCheckpoint();
    const head = pending?.owner === this ? pending : await this.verifiedHead(tx);
    const body = {
      seq: head.count + 1,
      at: event.at ?? this.now(),
      operation: event.operation,
      clientId: event.clientId,
      globalKeyIds: [...event.globalKeyIds],
      outcome: event.outcome,
      errorCode: event.errorCode,
      previousHash: head.headHash,
    };
    const encoded = encodeAuditEntry(body);
    // Written out, not spread: on Node 20 every property added after a spread costs ~0.5 µs.
    const entry: StoredAuditEntry = {
      seq: body.seq,
      at: body.at,
      operation: body.operation,
      clientId: body.clientId,
      globalKeyIds: body.globalKeyIds,
      outcome: body.outcome,
      errorCode: body.errorCode,
      previousHash: body.previousHash,
      seal: await sealer.seal(encoded),
    };
    const checkpoint = { count: entry.seq, headHash: hashEntry(encoded), at: this.now() };
    // The checkpoint is sealed and written once, before the COMMIT, by the last append of the
    // transaction (spec/store.md §8.1).
    await tx.audit.appendEntry(entry, {
      count: checkpoint.count,
      headHash: checkpoint.headHash,
      at: checkpoint.at,
      owner: this,
      seal: () => sealer.seal(encodeAuditCheckpoint(checkpoint)),
      written: (stored) => {
        this.trusted = {
          count: checkpoint.count,
          headHash: checkpoint.headHash,
          at: checkpoint.at.getTime(),
          checkpointSeal: stored.seal,
          lastSeal: entry.seal,
        };
      },
    });
    return entry;
  }
}
