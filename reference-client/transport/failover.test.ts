import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { ClientError } from '../errors/client-error.ts';
import { createScriptedServer, type StoredKey } from '../testing/scripted-server.ts';
import { serveOverHttp, type HttpTestServer } from '../testing/serve-http.ts';
import { createTestClient } from '../testing/test-client.ts';
import { backoffDelay, resolveRetryPolicy } from './failover.ts';

const pki = createTestPki({ servers: 2 });

async function failure(p: Promise<unknown>): Promise<ClientError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClientError) return e;
    throw e;
  }
  throw new Error('expected a ClientError');
}

describe('backoff', () => {
  it('grows exponentially from the base delay and never exceeds the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 15 }),
        (baseDelayMs, factor, maxDelayMs, retry) => {
          const p = resolveRetryPolicy({ attempts: 3, baseDelayMs, factor, maxDelayMs });
          const d = backoffDelay(p, retry);
          expect(d).toBeLessThanOrEqual(maxDelayMs);
          expect(d).toBe(Math.min(maxDelayMs, baseDelayMs * factor ** (retry - 1)));
          expect(backoffDelay(p, retry + 1)).toBeGreaterThanOrEqual(d);
        },
      ),
    );
  });
});

describe('failover across scripted servers', () => {
  it('continues on the DR server when the primary starts refusing mid-run, with backoff on the primary', async () => {
    const store = new Map<string, StoredKey>();
    const primary = createScriptedServer({ pki, store, serverId: 1n });
    const dr = createScriptedServer({ pki, store, serverId: 2n, credential: pki.servers[1]! });
    const { client, sleeps } = createTestClient(
      pki,
      [
        { fetch: primary, name: 'primary' },
        { fetch: dr, name: 'dr' },
      ],
      { retry: { attempts: 3, baseDelayMs: 100, factor: 2 } },
    );
    const first = await client.requestNewKey();
    expect(first.servers).toEqual(['primary']);
    primary.setBehaviour('refuse');
    const second = await client.getKey(first.keys[0]!.globalKeyId);
    expect(second.servers).toEqual(['dr']);
    expect(Buffer.from(second.keys[0]!.key)).toEqual(Buffer.from(first.keys[0]!.key));
    expect(primary.calls).toBe(4); // 1 good + 3 refused attempts
    expect(sleeps).toEqual([100, 200]);
  });

  it('fails over from a primary that starts hanging mid-run, after the per-attempt timeout', async () => {
    const primary = createScriptedServer({ pki, behaviour: (n) => (n === 0 ? 'ok' : 'hang') });
    const dr = createScriptedServer({ pki, credential: pki.servers[1]! });
    const { client } = createTestClient(
      pki,
      [
        { fetch: primary, name: 'primary' },
        { fetch: dr, name: 'dr' },
      ],
      { timeouts: { attemptMs: 50 }, retry: { attempts: 1 } },
    );
    expect((await client.requestNewKey()).servers).toEqual(['primary']);
    const r = await client.requestNewKey();
    expect(r.servers).toEqual(['dr']);
    expect(r.keys[0]!.server).toBe('dr');
  });

  it('fails over on HTML 500 and unreadable answers', async () => {
    const primary = createScriptedServer({
      pki,
      behaviour: (n) => (n % 2 === 0 ? 'http-500-html' : 'malformed-xml'),
    });
    const dr = createScriptedServer({ pki });
    const { client } = createTestClient(pki, [
      { fetch: primary, name: 'primary' },
      { fetch: dr, name: 'dr' },
    ]);
    expect((await client.requestNewKey()).servers).toEqual(['dr']);
    expect(primary.calls).toBe(2);
  });

  it.each(['symkey-error', 'fault', 'unsigned', 'wrong-key-size'] as const)(
    'never asks the DR server after a final answer (%s)',
    async (behaviour) => {
      const primary = createScriptedServer({ pki, behaviour });
      const dr = createScriptedServer({ pki });
      const { client, sleeps } = createTestClient(pki, [
        { fetch: primary, name: 'primary' },
        { fetch: dr, name: 'dr' },
      ]);
      try {
        const r = await client.requestNewKey();
        expect(r.errors).toHaveLength(1);
        expect(r.servers).toEqual(['primary']);
      } catch (e) {
        expect(e).toBeInstanceOf(ClientError);
        expect((e as ClientError).server).toBe('primary');
      }
      expect(primary.calls).toBe(1);
      expect(dr.calls).toBe(0);
      expect(sleeps).toEqual([]);
    },
  );

  it('throws the last channel failure, with every attempt recorded, when all servers fail', async () => {
    const primary = createScriptedServer({ pki, behaviour: 'refuse' });
    const dr = createScriptedServer({ pki, behaviour: 'http-500-html' });
    const { client } = createTestClient(pki, [
      { fetch: primary, name: 'primary' },
      { fetch: dr, name: 'dr' },
    ]);
    const error = await failure(client.requestNewKey());
    expect(error.code).toBe('CLIENT_TRANSPORT');
    expect(error.attempts).toEqual([
      { server: 'primary', code: 'CLIENT_TRANSPORT' },
      { server: 'primary', code: 'CLIENT_TRANSPORT' },
      { server: 'dr', code: 'CLIENT_TRANSPORT' },
      { server: 'dr', code: 'CLIENT_TRANSPORT' },
    ]);
  });
});

describe('failover over real sockets', () => {
  const open: HttpTestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('continues on the DR server after the primary is closed mid-run', async () => {
    const store = new Map<string, StoredKey>();
    const primaryHandler = createScriptedServer({ pki, store, serverId: 1n });
    const drHandler = createScriptedServer({ pki, store, serverId: 2n, credential: pki.servers[1]! });
    const primary = await serveOverHttp(primaryHandler);
    const dr = await serveOverHttp(drHandler);
    open.push(dr);
    const { client, sleeps } = createTestClient(pki, [
      { url: primary.url, name: 'primary' },
      { url: dr.url, name: 'dr' },
    ]);
    const before = await client.requestNewKeys(['A', 'B']);
    expect(before.servers).toEqual(['primary']);
    await primary.close(); // connection refused from now on

    const after = await client.getKeys(before.keys.map((k) => k.globalKeyId));
    expect(after.servers).toEqual(['dr']);
    expect(after.keys.map((k) => Buffer.from(k.key).toString('hex'))).toEqual(
      before.keys.map((k) => Buffer.from(k.key).toString('hex')),
    );
    const fresh = await client.requestNewKey();
    expect(fresh.keys[0]!.server).toBe('dr');
    expect(fresh.keys[0]!.globalKeyId.serverId).toBe(2n);
    expect(primaryHandler.calls).toBe(1);
    expect(drHandler.calls).toBe(2);
    expect(sleeps.length).toBeGreaterThan(0); // the refused primary was retried with backoff
  });

  it('reports a refused connection as CLIENT_TRANSPORT when no server is left', async () => {
    const server = await serveOverHttp(createScriptedServer({ pki }));
    await server.close();
    const { client } = createTestClient(pki, [{ url: server.url }], { retry: { attempts: 1 } });
    expect((await failure(client.getKeyCachePolicy())).code).toBe('CLIENT_TRANSPORT');
  });
});
