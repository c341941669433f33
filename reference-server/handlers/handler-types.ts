/** What every request handler receives and returns. */
import type { X509Certificate } from 'node:crypto';
import type { WriterElement } from '../../protocol/xml/writer.ts';
import type { AuditOutcome } from '../audit/audit-entry.ts';
import type { ClientRecord } from '../store/records.ts';
import type { SksServices } from '../service/services.ts';
import type { StoreTransaction } from '../store/store.ts';

export interface HandlerContext {
  readonly services: SksServices;
  /** The registered, active client that signed the request. */
  readonly client: ClientRecord;
  /** The verified certificate that signed the request. */
  readonly signer: X509Certificate;
  /**
   * The request's one store transaction (run-pipeline.ts): every read and write of the handler
   * goes through it, and the audit entry joins it, so the request commits once.
   */
  readonly store: StoreTransaction;
}

export interface HandlerResult {
  /** The SKSML response element for the Body. */
  readonly payload: WriterElement;
  readonly outcome: AuditOutcome;
  /** The first error code answered (SymkeyError ErrorCode), if any. */
  readonly errorCode: string | null;
  /** GlobalKeyIDs requested and delivered, text form (for audit and logs). */
  readonly globalKeyIds: readonly string[];
}
