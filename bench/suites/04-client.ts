/**
 * Issue 5 benchmark: the reference client (SKCL) against an in-process reference server listening
 * on 127.0.0.1.
 *
 * - Cached key lookup (target < 50 µs): `KeyCache.get` of a cached key (decrypt-on-open and
 *   decrypt-on-get), and the SKCL's `useKey` for a decryption (lookup + KeyUsePolicy check).
 * - New-key round trip over loopback: `requestNewKey()` (sign, HTTP, server work including the
 *   SQLite write, verify, unwrap), median and p99.
 * - `encrypt` throughput for 1 MiB payloads with the key cached, beside raw AES-256-GCM in the
 *   same run (target ratio >= 0.8). The SKCL's `encrypt` takes a key that has not been used yet
 *   for every new document (a used key is not chosen again for new data, spec/client-usage.md
 *   §3.3), so "key cached" is measured on the data path the SKCL runs (`encryptData`) with a key
 *   source that hands out one cached key: cache lookup, KeyUsePolicy check, state persisted in the
 *   cache's ledger, AES-256-GCM, base64 and the EncryptedData XML. `skcl.encrypt` with a fresh key
 *   from the server for every document is reported beside it for context.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { createFileKeyCacheStore } from '../../reference-client/cache/file-key-cache-store.ts';
import { createKeyCache, type KeyCache } from '../../reference-client/cache/key-cache.ts';
import type { KeyCacheStore } from '../../reference-client/cache/key-cache-store.ts';
import { createMemoryKeyCacheStore } from '../../reference-client/cache/memory-key-cache-store.ts';
import { createClient, type SksmlClient } from '../../reference-client/client/create-client.ts';
import { encryptData } from '../../reference-client/data/encrypt-data.ts';
import type { DataKeySource } from '../../reference-client/data/key-source.ts';
import { createSkcl } from '../../reference-client/skcl.ts';
import { createCacheStateStore } from '../../reference-client/usage/key-use-state-store.ts';
import { createKeyUser } from '../../reference-client/usage/key-user.ts';
import { ensureDevData } from '../../reference-server/dev/ensure-dev-data.ts';
import { registerDevClient } from '../../reference-server/dev/register-dev-client.ts';
import { createServer } from '../../reference-server/service/create-server.ts';
import { listenSksServer } from '../../reference-server/service/listen.ts';
import { createJsonLogger } from '../../reference-server/service/request-log.ts';
import { formatResults, measure, type BenchResult } from '../harness.ts';

const MIB = 1024 * 1024;

function mbPerSecond(result: BenchResult, bytes: number): string {
  return ((result.opsPerSecond * bytes) / 1e6).toFixed(0);
}

async function cacheWith(
  client: SksmlClient,
  credentials: { certificate: string; privateKey: string },
  decryptOn: 'open' | 'get',
  store: KeyCacheStore = createMemoryKeyCacheStore(),
): Promise<{ cache: KeyCache; globalKeyId: string }> {
  const { policies, receivedAt } = await client.getKeyCachePolicy();
  const cache = await createKeyCache({
    store,
    credentials,
    policies: { policies, fetchedAt: receivedAt },
    decryptOn,
  });
  const delivered = (await client.requestNewKey('DEFAULT')).keys[0];
  if (delivered === undefined) throw new Error('the server gave no key');
  const globalKeyId = formatGlobalKeyID(delivered.globalKeyId);
  const put = await cache.put({
    globalKeyId,
    keyUsePolicy: delivered.keyUsePolicy,
    key: delivered.key,
    kind: 'used',
  });
  if (!put.cached) throw new Error(`the key was not cached: ${put.reason}`);
  return { cache, globalKeyId };
}

/** A key source that always offers the one cached key (what "key cached" means for encrypt). */
function oneCachedKey(cache: KeyCache, globalKeyId: string): DataKeySource {
  const get = async (): Promise<{
    globalKeyId: string;
    keyUsePolicy: NonNullable<Awaited<ReturnType<KeyCache['get']>>>['keyUsePolicy'];
    key: Uint8Array;
    source: 'cache';
  }> => {
    const hit = await cache.get(globalKeyId);
    if (hit === undefined) throw new Error('the key left the cache');
    return { globalKeyId, keyUsePolicy: hit.keyUsePolicy, key: hit.key, source: 'cache' };
  };
  return {
    async *newKeys() {
      yield await get();
    },
    key: get,
  };
}

export async function runSuite(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-bench-client-'));
  const dev = ensureDevData(join(dir, 'server'));
  const sks = await createServer(dev.config, { logger: createJsonLogger('error', () => undefined) });
  await registerDevClient(sks.services.store, dev.clientCertificate);
  const listening = await listenSksServer(sks, { host: '127.0.0.1', port: 0 });
  const credentials = {
    certificate: readFileSync(dev.clientCertificate, 'utf8'),
    privateKey: readFileSync(dev.clientPrivateKey, 'utf8'),
  };
  const client = createClient({
    servers: [{ url: listening.url }],
    credentials,
    trustAnchors: readFileSync(dev.caCertificate, 'utf8'),
    domainId: dev.config.domainId,
  });
  const closers: (() => void)[] = [];
  try {
    // 1. Cached key lookup.
    const open = await cacheWith(client, credentials, 'open');
    const onGet = await cacheWith(client, credentials, 'get');
    closers.push(
      () => open.cache.close(),
      () => onGet.cache.close(),
    );
    const skcl = createSkcl({ client, cache: open.cache });
    const lookups = [
      await measure({ name: 'KeyCache.get (decrypt on open)', run: () => open.cache.get(open.globalKeyId) }),
      await measure({
        name: 'KeyCache.get (decrypt on get: verify + decrypt the entry)',
        run: () => onGet.cache.get(onGet.globalKeyId),
      }),
      await measure({
        name: 'Skcl.useKey for a decryption (lookup + KeyUsePolicy)',
        run: async () => (await skcl.useKey(open.globalKeyId, { operation: 'decrypt' })).wipe(),
      }),
    ];
    const lookupP50 = lookups[0]?.p50Micros ?? Number.NaN;

    // 2. New-key round trip over loopback.
    const roundTrip = await measure(
      {
        name: 'requestNewKey() over loopback (HTTP, sign, verify, unwrap, SQLite)',
        run: () => client.requestNewKey(),
      },
      { warmupMs: 500, durationMs: 4000 },
    );

    // 3. Encrypt throughput, 1 MiB payloads.
    const payload = randomBytes(MIB);
    const rawKey = randomBytes(32);
    const rawGcm = await measure({
      name: 'raw AES-256-GCM, 1 MiB (IV + ciphertext + tag)',
      run: () => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', rawKey, iv);
        return Buffer.concat([iv, cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
      },
    });
    const rawGcmBase64 = await measure({
      name: 'raw AES-256-GCM + base64, 1 MiB (the floor of any XML output)',
      run: () => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', rawKey, iv);
        return Buffer.concat([iv, cipher.update(payload), cipher.final(), cipher.getAuthTag()]).toString(
          'base64',
        );
      },
    });
    const memoryKeyed = await cacheWith(client, credentials, 'open');
    const fileKeyed = await cacheWith(
      client,
      credentials,
      'open',
      await createFileKeyCacheStore(join(dir, 'client-cache')),
    );
    closers.push(
      () => memoryKeyed.cache.close(),
      () => fileKeyed.cache.close(),
    );
    const encryptWith = (keyed: { cache: KeyCache; globalKeyId: string }): (() => Promise<unknown>) => {
      const user = createKeyUser({ states: createCacheStateStore(keyed.cache) });
      const source = oneCachedKey(keyed.cache, keyed.globalKeyId);
      return () => encryptData(source, user, payload, { type: 'octets' });
    };
    const encryptMemory = await measure({
      name: 'encrypt 1 MiB, key cached (state in a memory-backed cache)',
      run: encryptWith(memoryKeyed),
    });
    const encryptFile = await measure({
      name: 'encrypt 1 MiB, key cached (state in a file cache, fsync per use)',
      run: encryptWith(fileKeyed),
    });
    const freshKeys = createSkcl({
      client,
      cache: await createKeyCache({ store: createMemoryKeyCacheStore(), credentials }),
    });
    closers.push(() => freshKeys.close());
    const encryptFresh = await measure({
      name: 'Skcl.encrypt 1 MiB, a new key from the server per document',
      run: () => freshKeys.encrypt(payload, { keyClass: 'DEFAULT', type: 'octets' }),
    });
    const throughput = [rawGcm, rawGcmBase64, encryptMemory, encryptFile, encryptFresh];
    const ratio = encryptMemory.opsPerSecond / rawGcm.opsPerSecond;
    const floor = rawGcmBase64.opsPerSecond / rawGcm.opsPerSecond;
    const ratioToFloor = encryptMemory.opsPerSecond / rawGcmBase64.opsPerSecond;

    return [
      formatResults('Client: cached key lookup', lookups),
      '',
      `Cached key lookup (KeyCache.get, decrypt on open): p50 ${lookupP50.toFixed(1)} µs — target < 50 µs: ${lookupP50 < 50 ? 'met' : 'NOT met'}.`,
      formatResults('Client: new-key round trip over loopback against the reference server', [roundTrip]),
      '',
      `New-key round trip: median ${(roundTrip.p50Micros / 1000).toFixed(2)} ms, p99 ${(roundTrip.p99Micros / 1000).toFixed(2)} ms (${roundTrip.samples} requests).`,
      formatResults('Client: encrypt throughput, 1 MiB payloads', throughput, rawGcm),
      '',
      '| case | MB/s |',
      '|---|---:|',
      ...throughput.map((r) => `| ${r.name} | ${mbPerSecond(r, MIB)} |`),
      '',
      `encrypt (key cached) / raw AES-256-GCM = ${ratio.toFixed(3)} — target >= 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}.`,
      `Medians: encrypt (key cached) p50 / raw AES-256-GCM p50 = ${(rawGcm.p50Micros / encryptMemory.p50Micros).toFixed(3)} (the means include garbage-collection pauses of the 1 MiB buffers).`,
      `The EncryptedData format carries the ciphertext in base64: raw AES-256-GCM + base64 alone is ${floor.toFixed(3)} of raw AES-256-GCM; encrypt (key cached) / (raw AES-256-GCM + base64) = ${ratioToFloor.toFixed(3)}.`,
      '',
    ].join('\n');
  } finally {
    for (const close of closers) close();
    await listening.stop({ drainTimeoutMs: 5_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}
