/**
 * Asynchronous requests (spec/admin.md §Requests): listing them, and the operator's approval or
 * denial of a pending one. Approval and denial are the server's own operations
 * (handlers/approve-request.ts): approving generates, escrows and stores the key and moves the
 * request pending → approved in one transaction, so the client's next poll gets the key; denying
 * moves it to denied, so the next poll gets SKS-REQUEST-DENIED. Both are audited there.
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { ApprovalError, approveRequest, denyRequest } from '../handlers/approve-request.ts';
import type { RequestRecord } from '../store/records.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError } from './admin-error.ts';
import { openApprovalServices } from './approval-services.ts';
import { listRequests, type Listing } from './list-rows.ts';

export async function listStoredRequests(
  ctx: AdminContext,
  options: { pendingOnly?: boolean } = {},
): Promise<Listing<RequestRecord>> {
  const listing = await listRequests(ctx.store);
  if (options.pendingOnly !== true) return listing;
  return { records: listing.records.filter((r) => r.status === 'pending'), problems: listing.problems };
}

function translate(error: unknown): unknown {
  if (!(error instanceof ApprovalError)) return error;
  if (error.code === 'APPROVAL_UNKNOWN_REQUEST')
    return new AdminError('ADMIN_NOT_FOUND', 'no such request', { cause: error });
  return error;
}

/** Approves pending request `id`; returns the GlobalKeyID of the key made for it. */
export async function approveStoredRequest(ctx: AdminContext, id: SymkeyRequestID): Promise<GlobalKeyID> {
  const services = openApprovalServices(ctx);
  try {
    // SKSML-SRV-109: once approved, the client's next poll for this SymkeyRequestID gets the key.
    return await approveRequest(services, id);
  } catch (error) {
    throw translate(error);
  } finally {
    await services.close();
  }
}

/** Denies pending request `id`. */
export async function denyStoredRequest(ctx: AdminContext, id: SymkeyRequestID): Promise<void> {
  const services = openApprovalServices(ctx);
  try {
    await denyRequest(services, id);
  } catch (error) {
    throw translate(error);
  } finally {
    await services.close();
  }
}
