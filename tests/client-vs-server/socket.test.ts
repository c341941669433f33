/**
 * The reference client against reference servers over real sockets (127.0.0.1, free ports):
 * the key requests and an encrypt/decrypt round trip over HTTP, and the failover test: a primary
 * and a disaster-recovery server share one SQLite store (the DR server has its own ServerID, so
 * the keys it makes are told apart); the primary is stopped mid-run and the client goes on with
 * the DR server, which also serves the keys the primary made.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGlobalKeyID, parseGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { createKeyCache } from '../../reference-client/cache/key-cache.ts';
import { createMemoryKeyCacheStore } from '../../reference-client/cache/memory-key-cache-store.ts';
import type { AttemptRecord, ClientError } from '../../reference-client/errors/client-error.ts';
import { createSkcl } from '../../reference-client/skcl.ts';
import { createServer, type SksServer } from '../../reference-server/service/create-server.ts';
import {
  clientFor,
  listenSksServer,
  setupOf,
  startServerFixture,
  type ListeningServer,
  type ServerFixture,
} from './support.ts';

let fx: ServerFixture;
let primary: ListeningServer;
let drServer: SksServer;
let dr: ListeningServer;

beforeAll(async () => {
  fx = await startServerFixture();
  primary = await listenSksServer(fx.server, { host: '127.0.0.1', port: 0 });
  // The DR server: the same configuration and store file, another ServerID.
  drServer = await createServer({ ...fx.config, serverId: fx.config.serverId + 1n });
  dr = await listenSksServer(drServer, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await primary?.stop({ drainTimeoutMs: 2_000 });
  await dr?.stop({ drainTimeoutMs: 2_000 });
  await fx?.cleanup();
});

function memoryCache(): ReturnType<typeof createKeyCache> {
  return createKeyCache({
    store: createMemoryKeyCacheStore(),
    credentials: {
      certificate: fx.client.credential.certificate,
      privateKey: fx.client.credential.privateKey,
    },
  });
}

const serverIdOf = (gkid: string): bigint => parseGlobalKeyID(gkid).serverId;

describe('over HTTP on 127.0.0.1', () => {
  it('new keys of several classes, the same key again, and the KeyCachePolicies', async () => {
    const { client } = clientFor(setupOf(fx), [{ url: dr.url }]);
    const fresh = await client.requestNewKeys(['DEFAULT', 'AES-128']);
    expect(fresh.servers).toEqual([dr.url]);
    expect(fresh.keys.map((k) => [k.keyClass, k.key.length * 8]).sort()).toEqual([
      ['AES-128', 128],
      ['DEFAULT', 256],
    ]);
    for (const key of fresh.keys) {
      const again = await client.getKey(key.globalKeyId);
      expect(Buffer.from(again.keys[0]!.key).equals(Buffer.from(key.key))).toBe(true);
    }
    const kcp = await client.getKeyCachePolicy();
    expect(kcp.server).toBe(dr.url);
    expect(kcp.policies.length).toBe(fx.config.keyClasses.length);
  });

  it('encrypt and decrypt round trip through the SKCL', async () => {
    const { client } = clientFor(setupOf(fx), [{ url: dr.url }]);
    const skcl = createSkcl({ client, cache: await memoryCache() });
    const data = randomBytes(65_536);
    const encrypted = await skcl.encrypt(data, { keyClass: 'AES-128' });
    const decrypted = await skcl.decrypt(encrypted.xml);
    expect(Buffer.from(decrypted.data).equals(data)).toBe(true);
    skcl.close();
  });
});

describe('failover: the primary stops mid-run, the client goes on with the DR server', () => {
  it('every operation succeeds; after the stop, keys come from the DR server', async () => {
    const failed: { record: AttemptRecord; code: string }[] = [];
    const { client, sleeps } = clientFor(setupOf(fx), [{ url: primary.url }, { url: dr.url }], {
      timeouts: { attemptMs: 5_000 },
      retry: { attempts: 2, baseDelayMs: 50 },
      onAttemptFailed: (record: AttemptRecord, error: ClientError) =>
        failed.push({ record, code: error.code }),
    });
    const skcl = createSkcl({ client, cache: await memoryCache() });
    const runs: { xml: string; data: Buffer; globalKeyId: string; afterStop: boolean }[] = [];
    let stopped = false;
    for (let i = 0; i < 8; i++) {
      if (i === 4) {
        // Mid-run: the primary's socket closes (graceful stop; its store connection closes too).
        await primary.stop({ drainTimeoutMs: 2_000 });
        stopped = true;
      }
      const data = randomBytes(1_000 + i);
      const encrypted = await skcl.encrypt(data, { keyClass: 'DEFAULT' });
      runs.push({ xml: encrypted.xml, data, globalKeyId: encrypted.globalKeyId, afterStop: stopped });
    }
    skcl.close();

    expect(runs.filter((r) => !r.afterStop).map((r) => serverIdOf(r.globalKeyId))).toEqual(
      Array(4).fill(fx.config.serverId),
    );
    expect(runs.filter((r) => r.afterStop).map((r) => serverIdOf(r.globalKeyId))).toEqual(
      Array(4).fill(fx.config.serverId + 1n),
    );
    // Only channel failures, only at the primary, only after it stopped; retried with backoff.
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((f) => f.record.server))).toEqual(new Set([primary.url]));
    expect(new Set(failed.map((f) => f.code))).toEqual(new Set(['CLIENT_TRANSPORT']));
    expect(sleeps.length).toBeGreaterThan(0);

    // A fresh client (no cache) decrypts everything: the primary's keys are served by the DR server.
    const after = clientFor(setupOf(fx), [{ url: primary.url }, { url: dr.url }], {
      retry: { attempts: 1 },
    });
    const reader = createSkcl({ client: after.client, cache: await memoryCache() });
    for (const run of runs) {
      const decrypted = await reader.decrypt(run.xml);
      expect(decrypted.source).toBe('server');
      expect(Buffer.from(decrypted.data).equals(run.data)).toBe(true);
    }
    const direct = await after.client.getKey(runs[0]!.globalKeyId);
    expect(direct.servers).toEqual([dr.url]);
    expect(formatGlobalKeyID(direct.keys[0]!.globalKeyId)).toBe(runs[0]!.globalKeyId);
    reader.close();
  });

  it('when every server is down, the last channel failure is thrown with every attempt', async () => {
    await primary.stop({ drainTimeoutMs: 2_000 }); // already stopped above; idempotent
    const { client } = clientFor(setupOf(fx), [{ url: primary.url }], { retry: { attempts: 2 } });
    const error = (await client.requestNewKey().catch((e: unknown) => e)) as ClientError;
    expect(error.code).toBe('CLIENT_TRANSPORT');
    expect(error.attempts.map((a) => a.server)).toEqual([primary.url, primary.url]);
  });
});
