/**
 * Asynchronous requests (SymkeyWorkInProgress): their lifecycle is pending → approved | denied |
 * delivered, approved → delivered. Changes are compare-and-set on the current status.
 */
import type { SymkeyRequestID } from '../../../protocol/model/identifiers.ts';
import {
  REQUEST_STATUSES,
  type NewRequest,
  type RequestRecord,
  type RequestStatus,
  type RequestStatusChange,
} from '../records.ts';
import type { SealedRows, VerifiedRow } from '../sealed-rows.ts';
import { StoreError } from '../store-error.ts';
import { REQUESTS } from '../tables.ts';
import {
  checkName,
  date,
  globalKeyIdValues,
  int,
  optionalText,
  readGlobalKeyId,
  requestIdValues,
  text,
  u64,
} from './values.ts';

const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  pending: ['approved', 'denied', 'delivered'],
  approved: ['delivered'],
  denied: [],
  delivered: [],
};

function toRecord(row: VerifiedRow): RequestRecord {
  const v = row.values;
  const status = text(v, 'status') as RequestStatus;
  if (!REQUEST_STATUSES.includes(status))
    throw new StoreError('STORE_INVALID_VALUE', 'unknown request status');
  return {
    requestId: {
      domainId: u64(v, 'domain_id'),
      serverId: u64(v, 'server_id'),
      requestId: u64(v, 'request_id'),
    },
    clientId: text(v, 'client_id'),
    requestedGlobalKeyId: readGlobalKeyId(v, 'requested_'),
    keyClass: optionalText(v, 'key_class'),
    checkIntervalSeconds: int(v, 'check_interval'),
    status,
    resultKeyId: v.result_key_id === null ? null : readGlobalKeyId(v, 'result_'),
    createdAt: date(v, 'created_at'),
    updatedAt: date(v, 'updated_at'),
    version: row.version,
  };
}

export async function insertRequest(rows: SealedRows, request: NewRequest): Promise<RequestRecord> {
  const interval = request.checkIntervalSeconds;
  // SKSML-MSG-14: RequestCheckInterval is 60..604800 seconds.
  if (!Number.isSafeInteger(interval) || interval < 60 || interval > 604800)
    throw new StoreError('STORE_INVALID_VALUE', 'check interval must be 60..604800 seconds', {
      requirement: 'SKSML-MSG-14',
    });
  const now = rows.ctx.now().getTime();
  // SKSML-SRV-49: the primary key keeps each RequestID unique at its server.
  const row = await rows.insert(REQUESTS, {
    ...requestIdValues(request.requestId),
    client_id: checkName(request.clientId, 'client ID'),
    ...globalKeyIdValues(request.requestedGlobalKeyId, 'requested_'),
    key_class: request.keyClass === null ? null : checkName(request.keyClass, 'KeyClass'),
    status: 'pending',
    result_domain_id: null,
    result_server_id: null,
    result_key_id: null,
    check_interval: interval,
    created_at: now,
    updated_at: now,
  });
  return toRecord(row);
}

export async function getRequest(rows: SealedRows, id: SymkeyRequestID): Promise<RequestRecord | undefined> {
  const row = await rows.selectByKey(REQUESTS, requestIdValues(id));
  return row && toRecord(row);
}

export async function updateRequestStatus(
  rows: SealedRows,
  id: SymkeyRequestID,
  change: RequestStatusChange,
): Promise<RequestRecord> {
  const current = await rows.selectByKey(REQUESTS, requestIdValues(id));
  if (current === undefined) throw new StoreError('STORE_NOT_FOUND', 'no such request');
  const record = toRecord(current);
  if (record.status !== change.from || !TRANSITIONS[change.from].includes(change.to))
    throw new StoreError(
      'STORE_INVALID_TRANSITION',
      `request is ${record.status}; cannot change ${change.from} → ${change.to}`,
    );
  const result = change.resultKeyId ?? record.resultKeyId;
  if (change.to === 'delivered' && result === null)
    throw new StoreError('STORE_INVALID_VALUE', 'a delivered request needs its result key ID');
  if (change.to === 'denied' && change.resultKeyId !== undefined)
    throw new StoreError('STORE_INVALID_VALUE', 'a denied request has no result key');
  const row = await rows.update(
    REQUESTS,
    {
      ...current.values,
      status: change.to,
      ...(result === null ? {} : globalKeyIdValues(result, 'result_')),
      updated_at: rows.ctx.now().getTime(),
    },
    current,
  );
  return toRecord(row);
}
