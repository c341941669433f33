/**
 * Every request that reached the server's pipeline is appended to the audit log: the client (once
 * identified), the GlobalKeyIDs requested and delivered, the outcome and the error code (SymkeyError
 * ErrorCode or fault code). The entry is durable before the response leaves.
 */
import type { AuditOutcome } from '../audit/audit-entry.ts';
import type { SksServices } from '../service/services.ts';
import type { StoreTransaction } from '../store/store.ts';

export interface AuditFacts {
  readonly operation: string;
  readonly clientId: string | null;
  readonly globalKeyIds: readonly string[];
  readonly outcome: AuditOutcome;
  readonly errorCode: string | null;
}

/** Appends the entry; pass the request's transaction `tx` to commit it together with the request's work. */
export async function auditRequest(
  services: SksServices,
  facts: AuditFacts,
  tx?: StoreTransaction,
): Promise<void> {
  await services.audit.append({ ...facts, at: services.now() }, tx);
}
