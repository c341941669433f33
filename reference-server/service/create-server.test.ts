import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSymkeyRequestID, type GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  unwrapSymkey,
  type ServerFixture,
} from './testing/server-fixture.ts';

let fx: ServerFixture;
const seenKeys: Uint8Array[] = [];
const sentinel = (domainId: bigint): GlobalKeyID => ({ domainId, serverId: 0n, keyId: 0n });

function keysRequest(ids: GlobalKeyID[], keyClasses?: string[], cert?: Uint8Array): SksmlMessage {
  return {
    type: 'SymkeyRequest',
    message: {
      kind: 'keys',
      globalKeyIds: ids,
      ...(keyClasses === undefined ? {} : { keyClasses }),
      ...(cert === undefined ? {} : { x509EncryptionCertificate: cert }),
    },
  };
}

async function ask(message: SksmlMessage, credential = fx.client.credential): Promise<SymkeyResponse> {
  const answer = await readAnswer(
    await fx.server.app.fetch(buildSignedRequest(credential, message)),
    fx.trustAnchors,
  );
  if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse')
    throw new Error(
      `expected a SymkeyResponse, got ${answer.kind === 'fault' ? answer.text : answer.message.type}`,
    );
  expect(answer.status).toBe(200);
  return answer.message.message;
}

beforeAll(async () => {
  fx = await startServerFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('SymkeyRequest through app.fetch', () => {
  it('gives a new key of the default class, wrapped to the client, with the class policy', async () => {
    const response = await ask(keysRequest([sentinel(fx.config.domainId)]));
    expect(response.errors).toEqual([]);
    expect(response.symkeys).toHaveLength(1);
    const symkey = response.symkeys[0]!;
    expect(symkey.globalKeyId.domainId).toBe(fx.config.domainId);
    expect(symkey.globalKeyId.serverId).toBe(fx.config.serverId);
    expect(symkey.globalKeyId.keyId > 0n).toBe(true);
    expect(symkey.keyUsePolicy.keyClass).toBe('DEFAULT');
    const value = unwrapSymkey(symkey, fx.client.credential.privateKey);
    seenKeys.push(value);
    expect(value.length * 8).toBe(symkey.keyUsePolicy.keySize);
  });

  it('gives the same key again for its GlobalKeyID', async () => {
    const first = (await ask(keysRequest([sentinel(fx.config.domainId)], ['AES-128']))).symkeys[0]!;
    const again = await ask(keysRequest([first.globalKeyId]));
    expect(again.symkeys).toHaveLength(1);
    expect(unwrapSymkey(again.symkeys[0]!, fx.client.credential.privateKey)).toEqual(
      unwrapSymkey(first, fx.client.credential.privateKey),
    );
    expect(unwrapSymkey(first, fx.client.credential.privateKey)).toHaveLength(16);
  });

  it('answers several classes, an unknown class and an unknown key in one response', async () => {
    const unknown = { domainId: fx.config.domainId, serverId: fx.config.serverId, keyId: 999_999n };
    const response = await ask(
      keysRequest([sentinel(fx.config.domainId), unknown], ['DEFAULT', 'AES-128', 'NOPE']),
    );
    expect(response.symkeys.map((s) => s.keyUsePolicy.keyClass).sort()).toEqual(['AES-128', 'DEFAULT']);
    expect(response.errors.map((e) => e.errorCode).sort()).toEqual([
      'SKS-UNKNOWN-KEY',
      'SKS-UNKNOWN-KEY-CLASS',
    ]);
  });

  it('runs the approval flow: work in progress, poll, approve, poll delivers', async () => {
    const wip = await ask(keysRequest([sentinel(fx.config.domainId)], ['APPROVAL']));
    expect(wip.symkeys).toEqual([]);
    expect(wip.workInProgress).toHaveLength(1);
    const id = wip.workInProgress[0]!.symkeyRequestId;
    expect(wip.workInProgress[0]!.requestCheckInterval).toBe(60);
    const poll: SksmlMessage = { type: 'SymkeyRequest', message: { kind: 'poll', symkeyRequestIds: [id] } };
    expect((await ask(poll)).workInProgress).toHaveLength(1);
    const gkid = await fx.server.approveRequest(id);
    const delivered = await ask(poll);
    expect(delivered.symkeys).toHaveLength(1);
    expect(delivered.symkeys[0]!.globalKeyId).toEqual(gkid);
    expect(delivered.symkeys[0]!.symkeyRequestId).toEqual(id);
    expect(unwrapSymkey(delivered.symkeys[0]!, fx.client.credential.privateKey)).toHaveLength(32);
    // Delivered once: a second poll, or another client's poll, is answered as unknown.
    expect((await ask(poll)).errors.map((e) => e.errorCode)).toEqual(['SKS-UNKNOWN-REQUEST-ID']);
    const unknown = parseSymkeyRequestID(`${fx.config.domainId}-${fx.config.serverId}-99999`);
    const none = await ask({ type: 'SymkeyRequest', message: { kind: 'poll', symkeyRequestIds: [unknown] } });
    expect(none.errors.map((e) => e.errorCode)).toEqual(['SKS-UNKNOWN-REQUEST-ID']);
  });
});

describe('denied and foreign requests', () => {
  it('answers a denied request with SKS-REQUEST-DENIED and hides a request from other clients', async () => {
    const wip = await ask(keysRequest([sentinel(fx.config.domainId)], ['APPROVAL']));
    const id = wip.workInProgress[0]!.symkeyRequestId;
    const poll: SksmlMessage = { type: 'SymkeyRequest', message: { kind: 'poll', symkeyRequestIds: [id] } };
    const other = await fx.addClient('other-client');
    const foreign = await ask(poll, other.credential);
    expect(foreign.errors.map((e) => [e.errorCode, e.requestedGlobalKeyId.keyId])).toEqual([
      ['SKS-UNKNOWN-REQUEST-ID', 0n],
    ]);
    await fx.server.denyRequest(id);
    const denied = await ask(poll);
    expect(denied.errors.map((e) => [e.errorCode, e.requestedKeyClass])).toEqual([
      ['SKS-REQUEST-DENIED', 'APPROVAL'],
    ]);
    await expect(fx.server.approveRequest(id)).rejects.toMatchObject({ code: 'APPROVAL_NOT_PENDING' });
  });
});

describe('documents and health', () => {
  const get = (path: string): Promise<Response> =>
    Promise.resolve(fx.server.app.fetch(new Request(`http://127.0.0.1${path}`)));

  it('serves the WSDL for the requested URL, the allowlisted schemas, and nothing else', async () => {
    const wsdl = await get('/sks?wsdl');
    expect(wsdl.status).toBe(200);
    const text = await wsdl.text();
    expect(text).toContain('wsdl:definitions');
    expect(text).toContain('http://127.0.0.1/sks');
    const xsd = await get('/sks?xsd=sksml-core.xsd');
    expect(xsd.status).toBe(200);
    expect(await xsd.text()).toContain('schemaLocation="?xsd=w3c/xmlenc.xsd"');
    for (const bad of ['/sks?xsd=../package.json', '/sks?xsd=%2Fetc%2Fpasswd', '/sks?xsd=sksml.xsd&xsd=x']) {
      const r = await get(bad);
      expect(r.status === 404 || r.status === 405).toBe(true);
      expect(await r.text()).not.toMatch(/passwd|package/);
    }
    expect((await get('/sks')).status).toBe(405);
    expect((await get('/elsewhere')).status).toBe(404);
  });

  it('reports health', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', inFlight: 0, integrityAlarms: 0 });
  });
});

describe('request logs', () => {
  it('hold one JSON line per request with the fixed fields and no key material', () => {
    const records = fx.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = records.filter((r) => r.event === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(8);
    for (const r of requests) {
      expect(Object.keys(r).sort()).toEqual(
        [
          'action',
          'client',
          'code',
          'durationMs',
          'event',
          'globalKeyIds',
          'level',
          'outcome',
          'requestId',
          'status',
          'time',
        ].sort(),
      );
      if (r.outcome !== 'fault') expect(['dev-client', 'other-client']).toContain(r.client);
    }
    expect(new Set(requests.map((r) => r.requestId)).size).toBe(requests.length);
    const all = fx.logLines.join('');
    expect(seenKeys.length).toBeGreaterThan(0);
    for (const key of seenKeys) {
      expect(all).not.toContain(Buffer.from(key).toString('base64'));
      expect(all).not.toContain(Buffer.from(key).toString('hex'));
    }
    expect(all).not.toMatch(/PRIVATE KEY|CipherValue|BEGIN CERTIFICATE/);
  });
});
