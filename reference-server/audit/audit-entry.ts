/**
 * Audit entries and their canonical encodings. Entry n is sealed over
 * ['sksml-audit-entry/1', seq, at (ms), operation, clientId, [GlobalKeyIDs], outcome, errorCode,
 * previousHash]; its hash (SHA-256 of the same bytes) is entry n+1's previousHash. The checkpoint
 * is sealed over ['sksml-audit-checkpoint/1', count, headHash, at (ms)].
 */
import { encodeCanonicalWith } from '../integrity/canonical-encoding.ts';
import { hashEntry } from '../integrity/hash-chain.ts';
import type { StoredAuditCheckpoint, StoredAuditEntry } from '../store/records.ts';

/** success: every item served; partial: some items failed; pending: work in progress; failure: nothing served. */
export const AUDIT_OUTCOMES = ['success', 'partial', 'pending', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One request as the server reports it to the audit log. */
export interface AuditEvent {
  /** Defaults to the log's clock. */
  readonly at?: Date;
  /** The message handled, e.g. `SymkeyRequest`, `KeyCachePolicyRequest`. */
  readonly operation: string;
  /** The authenticated client, or null when authentication failed. */
  readonly clientId: string | null;
  /** GlobalKeyIDs requested and delivered, in text form. */
  readonly globalKeyIds: readonly string[];
  readonly outcome: AuditOutcome;
  /** The error code reported to the client (SymkeyError ErrorCode or fault code), if any. */
  readonly errorCode: string | null;
}

/**
 * encodeCanonical(['sksml-audit-entry/1', seq, at (ms), operation, clientId, [GlobalKeyIDs],
 * outcome, errorCode, previousHash]), written part by part.
 */
export function encodeAuditEntry(entry: Omit<StoredAuditEntry, 'seal' | 'malformed'>): Uint8Array {
  return encodeCanonicalWith((w) => {
    w.list(9).text('sksml-audit-entry/1').value(entry.seq).value(entry.at.getTime());
    w.value(entry.operation).value(entry.clientId);
    const ids = entry.globalKeyIds;
    w.list(ids.length);
    for (const id of ids) w.value(id);
    w.value(entry.outcome).value(entry.errorCode).value(entry.previousHash);
  });
}

export function hashAuditEntry(entry: Omit<StoredAuditEntry, 'seal' | 'malformed'>): Uint8Array {
  return hashEntry(encodeAuditEntry(entry));
}

export function encodeAuditCheckpoint(
  checkpoint: Omit<StoredAuditCheckpoint, 'seal' | 'malformed'>,
): Uint8Array {
  return encodeCanonicalWith((w) =>
    w
      .list(4)
      .text('sksml-audit-checkpoint/1')
      .value(checkpoint.count)
      .value(checkpoint.headHash)
      .value(checkpoint.at.getTime()),
  );
}
