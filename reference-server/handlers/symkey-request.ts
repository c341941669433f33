/**
 * SymkeyRequest (spec/server.md §SymkeyRequest): new keys for `<DomainID>-0-0` (one per listed
 * KeyClass, the default class when none is listed), existing keys for authorized clients, approval
 * classes answered with SymkeyWorkInProgress, polls by SymkeyRequestID. Items fail one by one
 * (SymkeyError) while the others are served (SKSML-SRV-46).
 */
import type { X509Certificate } from 'node:crypto';
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { isNewKeyRequest } from '../../protocol/model/identifiers.ts';
import type {
  SymkeyKeyRequest,
  SymkeyPollRequest,
  SymkeyRequest,
} from '../../protocol/model/symkey-request.ts';
import { defaultKeyClass } from '../config/server-config.ts';
import { hasDefect } from '../defects/defect-switches.ts';
import { deliverWithDefects } from '../defects/delivery.ts';
import { isAuthorizedForKey } from './authorize.ts';
import { chooseRecipient } from './encryption-recipient.ts';
import type { HandlerContext, HandlerResult } from './handler-types.ts';
import { loadKeyClass, type LoadedKeyClass } from './key-classes.ts';
import { ResponseItems } from './response-items.ts';
import { createStoredKey, readStoredKey } from './stored-keys.ts';
import type { SymkeyErrorCode } from '../errors/symkey-error-codes.ts';
import { pollItem, symkeyErrorCodeFor } from '../errors/to-symkey-error.ts';

/** A fresh SymkeyRequestID of this server (SKSML-SRV-49: unique per server). */
export async function allocateSymkeyRequestId(ctx: HandlerContext): Promise<SymkeyRequestID> {
  const { config } = ctx.services;
  return {
    domainId: config.domainId,
    serverId: config.serverId,
    requestId: await ctx.store.allocateRequestId(config.serverId),
  };
}

class ItemFailure extends Error {
  constructor(readonly itemCode: SymkeyErrorCode) {
    super(itemCode);
  }
}

/**
 * Runs one item in a savepoint of the request's transaction; an unexpected failure becomes
 * SKS-INTERNAL (or the registry's code) for that item only, and rolls back only that item's writes.
 */
async function runItem(
  ctx: HandlerContext,
  item: () => Promise<void>,
  onFail: (code: SymkeyErrorCode) => void,
): Promise<void> {
  try {
    await ctx.store.withTransaction(item);
  } catch (error) {
    if (error instanceof ItemFailure) return onFail(error.itemCode);
    ctx.services.logger.event('error', {
      event: 'item-failed',
      client: ctx.client.id,
      error: error instanceof Error ? error.name : 'unknown',
      code: error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : null,
    });
    onFail(symkeyErrorCodeFor(error));
  }
}

async function requireKeyClass(ctx: HandlerContext, name: string): Promise<LoadedKeyClass> {
  let keyClass: LoadedKeyClass | undefined;
  try {
    keyClass = await loadKeyClass(ctx.services, name, ctx.store);
  } catch {
    throw new ItemFailure('SKS-INTERNAL');
  }
  if (keyClass === undefined) throw new ItemFailure('SKS-UNKNOWN-KEY-CLASS');
  return keyClass;
}

function deliver(
  ctx: HandlerContext,
  items: ResponseItems,
  symkeyRequestId: SymkeyRequestID,
  globalKeyId: GlobalKeyID,
  keyClass: LoadedKeyClass,
  value: Uint8Array,
  recipient: X509Certificate,
): void {
  try {
    items.addSymkey(
      deliverWithDefects(ctx.services, {
        symkeyRequestId,
        globalKeyId,
        // SKSML-SRV-44: every key carries its class's KeyUsePolicy.
        keyUsePolicy: keyClass.keyUsePolicy,
        value,
        recipient,
        keyTransport: ctx.services.config.wss.keyTransport,
      }),
    );
  } finally {
    value.fill(0);
  }
}

async function handleKeys(ctx: HandlerContext, request: SymkeyKeyRequest): Promise<HandlerResult> {
  const { services, client } = ctx;
  const { config } = services;
  const items = new ResponseItems();
  const syncId = await allocateSymkeyRequestId(ctx);
  const recipient = chooseRecipient(services, client, ctx.signer, request.x509EncryptionCertificate);

  for (const gkid of request.globalKeyIds) {
    items.noteRequested(gkid);
    if (isNewKeyRequest(gkid)) {
      // SKSML-SRV-42, -43: one key per listed KeyClass; the default class when none is listed.
      const classes = request.keyClasses ?? [defaultKeyClass(config).name];
      for (const name of classes) {
        await runItem(
          ctx,
          async () => {
            if (gkid.domainId !== config.domainId) throw new ItemFailure('SKS-DOMAIN-MISMATCH');
            const keyClass = await requireKeyClass(ctx, name);
            if (keyClass.keyUsePolicy.status === 'Inactive' && !hasDefect(services, 'ignoreInactivePolicy'))
              throw new ItemFailure('SKS-POLICY-INACTIVE');
            if (!recipient.ok) throw new ItemFailure(recipient.code);
            if (keyClass.requiresApproval) {
              // SKSML-SRV-47: an approval class answers SymkeyWorkInProgress with a fresh request ID.
              const symkeyRequestId = await allocateSymkeyRequestId(ctx);
              const interval = keyClass.config.requestCheckInterval;
              await ctx.store.insertRequest({
                requestId: symkeyRequestId,
                clientId: client.id,
                requestedGlobalKeyId: gkid,
                keyClass: name,
                checkIntervalSeconds: interval,
              });
              items.addWorkInProgress({
                requestedGlobalKeyId: gkid,
                requestedKeyClass: name,
                symkeyRequestId,
                requestCheckInterval: interval,
              });
              return;
            }
            // SKSML-SRV-40: a new key, stored durably before the response is built.
            // The key commits with the request's transaction, before the response is signed.
            const key = await createStoredKey(services, keyClass, client.id, ctx.store);
            deliver(ctx, items, syncId, key.globalKeyId, keyClass, key.value, recipient.certificate);
          },
          (code) => items.addError(code, syncId, gkid, name),
        );
      }
      continue;
    }
    await runItem(
      ctx,
      async () => {
        // SKSML-SRV-111: any GlobalKeyID of another domain.
        if (gkid.domainId !== config.domainId) throw new ItemFailure('SKS-DOMAIN-MISMATCH');
        if (!recipient.ok) throw new ItemFailure(recipient.code);
        const read = await readStoredKey(services, gkid, ctx.store);
        if (read.kind === 'unknown') throw new ItemFailure('SKS-UNKNOWN-KEY');
        if (read.kind === 'unavailable') throw new ItemFailure('SKS-INTERNAL');
        try {
          // SKSML-SRV-41: an existing key only for its owner or a client of the owner's group.
          if (!(await isAuthorizedForKey(services, client, read.record.ownerClientId, ctx.store)))
            throw new ItemFailure('SKS-UNAUTHORIZED');
          const keyClass = await requireKeyClass(ctx, read.record.keyClass);
          deliver(ctx, items, syncId, read.record.globalKeyId, keyClass, read.value, recipient.certificate);
        } finally {
          read.value.fill(0);
        }
      },
      (code) => items.addError(code, syncId, gkid),
    );
  }
  return items.toResult();
}

async function handlePoll(ctx: HandlerContext, request: SymkeyPollRequest): Promise<HandlerResult> {
  const { services, client } = ctx;
  const items = new ResponseItems();
  const recipient = chooseRecipient(services, client, ctx.signer, undefined);
  for (const id of request.symkeyRequestIds) {
    // SymkeyError needs a RequestedGlobalKeyID: the request's own, else the domain's new-key form.
    let original: { requestedGlobalKeyId: GlobalKeyID; requestedKeyClass?: string } | undefined;
    await runItem(
      ctx,
      async () => {
        const record = await ctx.store.getRequest(id);
        // SKSML-SRV-109: another client's request, and one already delivered, are answered like an unknown one.
        if (record === undefined || record.clientId !== client.id || record.status === 'delivered')
          throw new ItemFailure('SKS-UNKNOWN-REQUEST-ID');
        original = {
          requestedGlobalKeyId: record.requestedGlobalKeyId,
          ...(record.keyClass === null ? {} : { requestedKeyClass: record.keyClass }),
        };
        items.noteRequested(record.requestedGlobalKeyId);
        if (record.status === 'pending') {
          items.addWorkInProgress({
            requestedGlobalKeyId: record.requestedGlobalKeyId,
            ...(record.keyClass === null ? {} : { requestedKeyClass: record.keyClass }),
            symkeyRequestId: id,
            requestCheckInterval: record.checkIntervalSeconds,
          });
          return;
        }
        if (record.status === 'denied') throw new ItemFailure('SKS-REQUEST-DENIED');
        if (record.resultKeyId === null) throw new ItemFailure('SKS-INTERNAL');
        if (!recipient.ok) throw new ItemFailure(recipient.code);
        const read = await readStoredKey(services, record.resultKeyId, ctx.store);
        if (read.kind !== 'found') throw new ItemFailure('SKS-INTERNAL');
        const staged = new ResponseItems();
        try {
          const keyClass = await requireKeyClass(ctx, read.record.keyClass);
          deliver(ctx, staged, id, read.record.globalKeyId, keyClass, read.value, recipient.certificate);
        } finally {
          read.value.fill(0);
        }
        // Compare-and-set: of two concurrent polls, only one delivers the key.
        try {
          await ctx.store.updateRequestStatus(id, { from: 'approved', to: 'delivered' });
        } catch {
          throw new ItemFailure('SKS-UNKNOWN-REQUEST-ID');
        }
        for (const symkey of staged.symkeys) items.addSymkey(symkey);
      },
      (code) => {
        const item = pollItem(id, original);
        items.addError(code, id, item.requestedGlobalKeyId, item.requestedKeyClass);
      },
    );
  }
  return items.toResult();
}

export function handleSymkeyRequest(ctx: HandlerContext, request: SymkeyRequest): Promise<HandlerResult> {
  return request.kind === 'poll' ? handlePoll(ctx, request) : handleKeys(ctx, request);
}
