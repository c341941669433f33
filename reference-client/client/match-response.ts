/**
 * Does a verified SymkeyResponse answer the request that was sent? Every item must correspond to
 * something asked for, at most once: an unrequested KeyClass, GlobalKeyID or SymkeyRequestID, or
 * more items than were asked for, is CLIENT_RESPONSE_MISMATCH (SKSML-CLT-129). Items may come in
 * any order (SKSML-CLT-72).
 */
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  isNewKeyRequest,
  sameGlobalKeyID,
  type GlobalKeyID,
  type SymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import { ClientError } from '../errors/client-error.ts';

export interface PendingEntry {
  readonly symkeyRequestId: SymkeyRequestID;
  readonly requestedGlobalKeyId: GlobalKeyID;
  readonly requestedKeyClass?: string;
}

export type RequestShape =
  | { readonly kind: 'new'; readonly domainId: bigint; readonly keyClasses: readonly string[] }
  | { readonly kind: 'existing'; readonly globalKeyIds: readonly GlobalKeyID[] }
  | { readonly kind: 'poll'; readonly pending: readonly PendingEntry[] };

function mismatch(server: string, what: string): ClientError {
  return new ClientError(
    'CLIENT_RESPONSE_MISMATCH',
    `the response of ${server} does not answer the request: ${what}`,
    {
      server,
      retryable: false,
      requirement: 'SKSML-CLT-129',
    },
  );
}

/** Takes one occurrence of `value` out of `pool`; false when there is none left. */
function take<T>(pool: T[], matches: (t: T) => boolean): T | undefined {
  const i = pool.findIndex(matches);
  if (i < 0) return undefined;
  return pool.splice(i, 1)[0];
}

function itemCount(r: SymkeyResponse): number {
  return r.symkeys.length + r.workInProgress.length + r.errors.length;
}

function checkNew(r: SymkeyResponse, shape: Extract<RequestShape, { kind: 'new' }>, server: string): void {
  const expected = Math.max(1, shape.keyClasses.length);
  if (itemCount(r) > expected) throw mismatch(server, `${itemCount(r)} items for ${expected} requested keys`);
  const classes = [...shape.keyClasses];
  const takeClass = (keyClass: string | undefined, what: string): void => {
    if (shape.keyClasses.length === 0 || keyClass === undefined) return;
    if (take(classes, (c) => c === keyClass) === undefined)
      throw mismatch(
        server,
        `${what} of KeyClass ${JSON.stringify(keyClass.slice(0, 64))} was not requested`,
      );
  };
  for (const s of r.symkeys) {
    if (s.globalKeyId.domainId !== shape.domainId)
      throw mismatch(server, `key ${formatGlobalKeyID(s.globalKeyId)} is not of domain ${shape.domainId}`);
    takeClass(s.keyUsePolicy.keyClass, 'a key');
  }
  for (const item of [...r.workInProgress, ...r.errors]) {
    const g = item.requestedGlobalKeyId;
    if (!isNewKeyRequest(g) || g.domainId !== shape.domainId)
      throw mismatch(server, `an item names GlobalKeyID ${formatGlobalKeyID(g)}, not the new-key request`);
    takeClass(item.requestedKeyClass, 'an item');
  }
}

function checkExisting(
  r: SymkeyResponse,
  shape: Extract<RequestShape, { kind: 'existing' }>,
  server: string,
): void {
  if (itemCount(r) > shape.globalKeyIds.length)
    throw mismatch(server, `${itemCount(r)} items for ${shape.globalKeyIds.length} requested keys`);
  const ids = [...shape.globalKeyIds];
  const takeId = (g: GlobalKeyID): void => {
    if (take(ids, (i) => sameGlobalKeyID(i, g)) === undefined)
      throw mismatch(server, `GlobalKeyID ${formatGlobalKeyID(g)} was not requested`);
  };
  for (const s of r.symkeys) takeId(s.globalKeyId);
  for (const item of [...r.workInProgress, ...r.errors]) takeId(item.requestedGlobalKeyId);
}

function checkPoll(r: SymkeyResponse, shape: Extract<RequestShape, { kind: 'poll' }>, server: string): void {
  const pool = [...shape.pending];
  const takeRequest = (id: SymkeyRequestID): PendingEntry => {
    const entry = take(pool, (p) => formatSymkeyRequestID(p.symkeyRequestId) === formatSymkeyRequestID(id));
    if (entry === undefined)
      throw mismatch(server, `SymkeyRequestID ${formatSymkeyRequestID(id)} was not polled`);
    return entry;
  };
  for (const s of r.symkeys) {
    const entry = takeRequest(s.symkeyRequestId);
    const asked = entry.requestedGlobalKeyId;
    if (isNewKeyRequest(asked)) {
      if (s.globalKeyId.domainId !== asked.domainId)
        throw mismatch(server, `key ${formatGlobalKeyID(s.globalKeyId)} is not of the requested domain`);
      if (entry.requestedKeyClass !== undefined && entry.requestedKeyClass !== s.keyUsePolicy.keyClass)
        throw mismatch(server, 'the key is not of the KeyClass the pending request asked for');
    } else if (!sameGlobalKeyID(asked, s.globalKeyId)) {
      throw mismatch(server, `key ${formatGlobalKeyID(s.globalKeyId)} is not the requested key`);
    }
  }
  for (const item of [...r.workInProgress, ...r.errors]) takeRequest(item.symkeyRequestId);
}

export function checkResponseAnswersRequest(
  response: SymkeyResponse,
  shape: RequestShape,
  server: string,
): void {
  if (shape.kind === 'new') checkNew(response, shape, server);
  else if (shape.kind === 'existing') checkExisting(response, shape, server);
  else checkPoll(response, shape, server);
  // The same key twice in one answer is never a valid answer.
  const seen = new Set<string>();
  for (const s of response.symkeys) {
    const id = formatGlobalKeyID(s.globalKeyId);
    if (seen.has(id)) throw mismatch(server, `key ${id} delivered twice`);
    seen.add(id);
  }
}
