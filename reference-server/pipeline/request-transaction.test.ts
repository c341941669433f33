/**
 * One durable commit per request (spec/store.md §9, spec/server.md §Pipeline): the request's IDs,
 * its keys and its audit entry are written in ONE store transaction, which has committed before
 * the response is signed; failed items and faults keep their audit entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGlobalKeyID, type GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import type { EnvelopeSigner } from '../../protocol/wss/sign.ts';
import { createNodeKeyProvider } from '../keys/node-key-provider.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { StoredAuditEntry } from '../store/records.ts';
import type { SksStore } from '../store/store.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  type ServerFixture,
} from '../service/testing/server-fixture.ts';

let fx: ServerFixture;
/** What the store and the response signer did, in order. */
const events: string[] = [];

/** A key provider that refuses 128-bit keys: that item fails while the others are served. */
function refusing128(): KeyProvider {
  const real = createNodeKeyProvider();
  return {
    ...real,
    generateKey: (algorithm, size) =>
      size === 128 ? Promise.reject(new Error('provider down')) : real.generateKey(algorithm, size),
  };
}

function newKeys(domainId: bigint, keyClasses: string[]): SksmlMessage {
  const sentinel: GlobalKeyID = { domainId, serverId: 0n, keyId: 0n };
  return { type: 'SymkeyRequest', message: { kind: 'keys', globalKeyIds: [sentinel], keyClasses } };
}

async function lastAuditEntry(store: SksStore): Promise<StoredAuditEntry | undefined> {
  const checkpoint = await store.audit.getCheckpoint();
  const [entry] = await store.audit.listEntries((checkpoint?.count ?? 1) - 1, 1);
  return entry;
}

beforeAll(async () => {
  fx = await startServerFixture({ deps: { keyProvider: refusing128() } });
  const { services } = fx.server;
  // Record when a write transaction has committed (its promise settles only after COMMIT) and
  // when the response is signed.
  const store = services.store;
  const withTransaction = store.withTransaction.bind(store);
  Object.defineProperty(store, 'withTransaction', {
    value: async (fn: Parameters<SksStore['withTransaction']>[0]) => {
      events.push('begin');
      try {
        return await withTransaction(fn);
      } finally {
        events.push('committed');
      }
    },
  });
  const sign: EnvelopeSigner = services.signEnvelope;
  Object.defineProperty(services, 'signEnvelope', {
    value: (input: Parameters<EnvelopeSigner>[0]) => {
      events.push('sign');
      return sign(input);
    },
  });
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('the request transaction', () => {
  it('stores a new key and its audit entry in one commit, before the response is signed', async () => {
    events.length = 0;
    const answer = await readAnswer(
      await fx.server.app.fetch(
        buildSignedRequest(fx.client.credential, newKeys(fx.config.domainId, ['DEFAULT'])),
      ),
      fx.trustAnchors,
    );
    if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse') throw new Error('no response');
    const [symkey] = answer.message.message.symkeys;
    expect(symkey).toBeDefined();
    expect(events).toEqual(['begin', 'committed', 'sign']);
    const { store } = fx.server.services;
    expect(await store.getKey(symkey!.globalKeyId)).toBeDefined();
    const entry = await lastAuditEntry(store);
    expect(entry?.outcome).toBe('success');
    expect(entry?.globalKeyIds).toContain(formatGlobalKeyID(symkey!.globalKeyId));
  });

  it('commits a partial answer once: the served key and the failed item in one audit entry', async () => {
    events.length = 0;
    const answer = await readAnswer(
      await fx.server.app.fetch(
        buildSignedRequest(fx.client.credential, newKeys(fx.config.domainId, ['DEFAULT', 'AES-128'])),
      ),
      fx.trustAnchors,
    );
    if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse') throw new Error('no response');
    const { symkeys, errors } = answer.message.message;
    expect([symkeys.length, errors.map((e) => e.errorCode)]).toEqual([1, ['SKS-INTERNAL']]);
    expect(events).toEqual(['begin', 'committed', 'sign']);
    const entry = await lastAuditEntry(fx.server.services.store);
    expect([entry?.outcome, entry?.errorCode]).toEqual(['partial', 'SKS-INTERNAL']);
    expect(await fx.server.services.store.getKey(symkeys[0]!.globalKeyId)).toBeDefined();
  });

  it('audits a request whose every item fails, in the same single commit', async () => {
    events.length = 0;
    const answer = await readAnswer(
      await fx.server.app.fetch(
        buildSignedRequest(fx.client.credential, newKeys(fx.config.domainId, ['AES-128'])),
      ),
      fx.trustAnchors,
    );
    if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse') throw new Error('no response');
    expect(answer.message.message.symkeys).toEqual([]);
    expect(events).toEqual(['begin', 'committed', 'sign']);
    const entry = await lastAuditEntry(fx.server.services.store);
    expect([entry?.outcome, entry?.errorCode]).toEqual(['failure', 'SKS-INTERNAL']);
  });

  it('audits a KeyCachePolicyRequest in one commit', async () => {
    events.length = 0;
    const answer = await readAnswer(
      await fx.server.app.fetch(
        buildSignedRequest(fx.client.credential, {
          type: 'KeyCachePolicyRequest',
          message: {},
        }),
      ),
      fx.trustAnchors,
    );
    expect(answer.kind).toBe('message');
    expect(events).toEqual(['begin', 'committed', 'sign']);
    const entry = await lastAuditEntry(fx.server.services.store);
    expect([entry?.operation, entry?.outcome]).toEqual(['KeyCachePolicyRequest', 'success']);
  });

  it('still audits a fault (unregistered signer) before the fault leaves', async () => {
    const stranger = await fx.addClient('stranger', { register: false });
    events.length = 0;
    const answer = await readAnswer(
      await fx.server.app.fetch(
        buildSignedRequest(stranger.credential, newKeys(fx.config.domainId, ['DEFAULT'])),
      ),
      fx.trustAnchors,
    );
    expect(answer.kind).toBe('fault');
    expect(events).toEqual(['begin', 'committed', 'sign']);
    const entry = await lastAuditEntry(fx.server.services.store);
    expect([entry?.outcome, entry?.clientId]).toEqual(['failure', null]);
  });
});
