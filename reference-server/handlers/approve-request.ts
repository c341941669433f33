/**
 * The operator's side of the asynchronous flow (`sksml admin approve|deny`): approving a pending
 * request generates, escrows and stores its key in the same transaction as the status change
 * pending → approved; the client's next poll delivers it (and marks it delivered). Denying moves it
 * to denied; the next poll answers SKS-REQUEST-DENIED. Both are audited.
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { defaultKeyClass } from '../config/server-config.ts';
import type { SksServices } from '../service/services.ts';
import { loadKeyClass } from './key-classes.ts';
import { createStoredKey } from './stored-keys.ts';

export type ApprovalErrorCode =
  'APPROVAL_UNKNOWN_REQUEST' | 'APPROVAL_NOT_PENDING' | 'APPROVAL_UNKNOWN_KEY_CLASS';

export class ApprovalError extends SksmlError {
  declare readonly code: ApprovalErrorCode;
  constructor(code: ApprovalErrorCode, message: string) {
    super(code, message);
  }
}

/** Approves pending request `id`; returns the GlobalKeyID of the key made for it. */
export async function approveRequest(services: SksServices, id: SymkeyRequestID): Promise<GlobalKeyID> {
  const globalKeyId = await services.store.withTransaction(async (tx) => {
    const record = await tx.getRequest(id);
    if (record === undefined) throw new ApprovalError('APPROVAL_UNKNOWN_REQUEST', 'no such request');
    if (record.status !== 'pending')
      throw new ApprovalError('APPROVAL_NOT_PENDING', `the request is ${record.status}`);
    const keyClass = await loadKeyClass(
      services,
      record.keyClass ?? defaultKeyClass(services.config).name,
      tx,
    );
    if (keyClass === undefined)
      throw new ApprovalError('APPROVAL_UNKNOWN_KEY_CLASS', 'the key class is not configured');
    const key = await createStoredKey(services, keyClass, record.clientId, tx);
    key.value.fill(0);
    await tx.updateRequestStatus(id, { from: 'pending', to: 'approved', resultKeyId: key.globalKeyId });
    await services.audit.append(
      {
        operation: 'ApproveRequest',
        clientId: record.clientId,
        globalKeyIds: [formatGlobalKeyID(key.globalKeyId)],
        outcome: 'success',
        errorCode: null,
      },
      tx,
    );
    return key.globalKeyId;
  });
  return globalKeyId;
}

/** Denies pending request `id`. */
export async function denyRequest(services: SksServices, id: SymkeyRequestID): Promise<void> {
  await services.store.withTransaction(async (tx) => {
    const record = await tx.getRequest(id);
    if (record === undefined) throw new ApprovalError('APPROVAL_UNKNOWN_REQUEST', 'no such request');
    if (record.status !== 'pending')
      throw new ApprovalError('APPROVAL_NOT_PENDING', `the request is ${record.status}`);
    await tx.updateRequestStatus(id, { from: 'pending', to: 'denied' });
    await services.audit.append(
      {
        operation: 'DenyRequest',
        clientId: record.clientId,
        globalKeyIds: [formatGlobalKeyID(record.requestedGlobalKeyId)],
        outcome: 'success',
        errorCode: null,
      },
      tx,
    );
  });
}
