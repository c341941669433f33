import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildKeyUsePolicy } from '../../protocol/testkit/builders.ts';
import {
  cachePolicy,
  clientCredentials,
  keyEntry,
  manualClock,
  tamperLog,
  tempDir,
  type TempDir,
} from './cache-test-support.ts';
import { KeyCacheError } from './cache-error.ts';
import { createFileKeyCacheStore } from './file-key-cache-store.ts';
import { createKeyCache, type KeyCacheOptions } from './key-cache.ts';
import type { KeyCacheStore } from './key-cache-store.ts';
import { createMemoryKeyCacheStore } from './memory-key-cache-store.ts';

const dirs: TempDir[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

async function fileStore(): Promise<{ store: KeyCacheStore; dir: TempDir }> {
  const dir = tempDir();
  dirs.push(dir);
  return { store: await createFileKeyCacheStore(dir.path), dir };
}

const modes = ['open', 'get'] as const;
const stores = ['memory', 'file'] as const;

describe.each(stores.flatMap((s) => modes.map((m) => [s, m] as const)))(
  'key cache on %s store, decrypt on %s',
  (kind, decryptOn) => {
    async function open(store?: KeyCacheStore, extra: Partial<KeyCacheOptions> = {}) {
      const s = store ?? (kind === 'memory' ? createMemoryKeyCacheStore() : (await fileStore()).store);
      const clock = manualClock();
      const log = tamperLog();
      const cache = await createKeyCache({
        store: s,
        credentials: clientCredentials(0),
        clock,
        policies: [cachePolicy()],
        onCacheTamper: log.handler,
        decryptOn,
        ...extra,
      });
      return { cache, store: s, clock, log };
    }

    it('round-trips a key, its policy, state and kind', async () => {
      const { cache, log } = await open();
      const entry = keyEntry(7, 'DEFAULT', { state: { encryptionsPerformed: 0n } });
      const put = await cache.put(entry);
      expect(put.cached).toBe(true);
      const got = await cache.get('10514-1-7');
      expect(got).toBeDefined();
      expect(Buffer.from(got!.key).equals(Buffer.from(entry.key))).toBe(true);
      expect(got!.keyUsePolicy).toEqual(entry.keyUsePolicy);
      expect(got!.kind).toBe('new');
      expect(got!.keyClass).toBe('DEFAULT');
      expect(got!.globalKeyId).toBe('10514-1-7');
      expect(got!.state.encryptionsPerformed).toBe(0n);
      expect(await cache.get({ domainId: 10514n, serverId: 1n, keyId: 8n })).toBeUndefined();
      expect(log.events).toEqual([]);
    });

    it('survives a reopen with the same credentials (policies persisted)', async () => {
      const { cache, store, clock } = await open();
      const entry = keyEntry(1);
      await cache.put(entry);
      await cache.updateState('10514-1-1', { firstUseAt: clock(), encryptionsPerformed: 3n });
      cache.close();
      const log = tamperLog();
      const again = await createKeyCache({
        store,
        credentials: clientCredentials(0),
        clock,
        onCacheTamper: log.handler,
        decryptOn,
      });
      const got = await again.get('10514-1-1');
      expect(got && Buffer.from(got.key).equals(Buffer.from(entry.key))).toBe(true);
      expect(got!.kind).toBe('used');
      expect(got!.state).toEqual({ firstUseAt: clock(), encryptionsPerformed: 3n });
      expect(again.needsPolicyRefresh()).toBe(false);
      expect(log.events).toEqual([]);
    });

    it('returns copies: mutating a returned key does not change the cache', async () => {
      const { cache } = await open();
      const entry = keyEntry(2);
      const original = Buffer.from(entry.key);
      await cache.put(entry);
      (entry.key as Buffer).fill(1);
      const first = await cache.get('10514-1-2');
      first!.key.fill(0);
      const second = await cache.get('10514-1-2');
      expect(Buffer.from(second!.key).equals(original)).toBe(true);
    });

    it('delete, list and clear', async () => {
      const { cache } = await open();
      for (const id of [3, 4, 5]) await cache.put(keyEntry(id));
      expect((await cache.list()).map((e) => e.globalKeyId)).toEqual(['10514-1-3', '10514-1-4', '10514-1-5']);
      expect(await cache.delete('10514-1-4')).toBe(true);
      expect(await cache.delete('10514-1-4')).toBe(false);
      expect(await cache.get('10514-1-4')).toBeUndefined();
      expect((await cache.list()).map((e) => e.globalKeyId)).toEqual(['10514-1-3', '10514-1-5']);
      await cache.clear();
      expect(await cache.list()).toEqual([]);
      expect(await cache.get('10514-1-3')).toBeUndefined();
      expect((await cache.put(keyEntry(6))).cached).toBe(true);
      expect(await cache.get('10514-1-6')).toBeDefined();
    });

    it('state only moves forward, and encryptions make a key used', async () => {
      const { cache, clock } = await open();
      await cache.put(keyEntry(9));
      const firstUse = clock();
      expect(
        (await cache.updateState('10514-1-9', { firstUseAt: firstUse, encryptionsPerformed: 0n })).cached,
      ).toBe(true);
      expect((await cache.get('10514-1-9'))!.kind).toBe('new');
      await cache.updateState('10514-1-9', { firstUseAt: firstUse, encryptionsPerformed: 2n });
      expect((await cache.get('10514-1-9'))!.kind).toBe('used');
      await expect(
        cache.updateState('10514-1-9', { firstUseAt: firstUse, encryptionsPerformed: 1n }),
      ).rejects.toMatchObject({ code: 'CACHE_STATE_REGRESSION' });
      await expect(
        cache.updateState('10514-1-9', {
          firstUseAt: new Date(firstUse.getTime() + 1),
          encryptionsPerformed: 5n,
        }),
      ).rejects.toMatchObject({ code: 'CACHE_STATE_REGRESSION' });
      await expect(cache.updateState('10514-1-9', { encryptionsPerformed: 5n })).rejects.toMatchObject({
        code: 'CACHE_STATE_REGRESSION',
      });
      expect((await cache.get('10514-1-9'))!.state.encryptionsPerformed).toBe(2n);
    });

    it('a re-put of the same key keeps the larger state (no counter reset by refetch)', async () => {
      const { cache, clock } = await open();
      const entry = keyEntry(10);
      await cache.put(entry);
      await cache.updateState('10514-1-10', { firstUseAt: clock(), encryptionsPerformed: 4n });
      clock.advance(10);
      await cache.put({ ...entry, state: { encryptionsPerformed: 0n } });
      const got = await cache.get('10514-1-10');
      expect(got!.state.encryptionsPerformed).toBe(4n);
      expect(got!.kind).toBe('used');
    });

    it('refuses invalid input', async () => {
      const { cache } = await open();
      await expect(cache.put(keyEntry(0, 'DEFAULT', { globalKeyId: '10514-0-0' }))).rejects.toThrow(
        KeyCacheError,
      );
      await expect(cache.put(keyEntry(1, 'DEFAULT', { globalKeyId: '10514-01-1' }))).rejects.toThrow(
        /GlobalKeyID/,
      );
      await expect(cache.put(keyEntry(1, 'DEFAULT', { key: new Uint8Array(16) }))).rejects.toMatchObject({
        code: 'CACHE_INVALID_ARGUMENT',
        requirement: 'SKSML-CLT-131',
      });
      await expect(
        cache.put(
          keyEntry(1, 'DEFAULT', {
            keyUsePolicy: buildKeyUsePolicy({ keyAlgorithm: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc' }),
          }),
        ),
      ).rejects.toThrow(/KeySize/);
      await expect(cache.updateState('10514-1-1', { encryptionsPerformed: -1n })).rejects.toMatchObject({
        code: 'CACHE_INVALID_ARGUMENT',
      });
      expect(await cache.list()).toEqual([]);
      await expect(cache.get('not-an-id')).rejects.toMatchObject({ code: 'CACHE_INVALID_ARGUMENT' });
    });

    it('close wipes and refuses further use', async () => {
      const { cache } = await open();
      await cache.put(keyEntry(11));
      cache.close();
      await expect(cache.get('10514-1-11')).rejects.toMatchObject({ code: 'CACHE_CLOSED' });
    });
  },
);

describe('credentials', () => {
  it('refuses a non-RSA client key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await expect(
      createKeyCache({ store: createMemoryKeyCacheStore(), credentials: { privateKey } }),
    ).rejects.toMatchObject({ code: 'CACHE_CREDENTIALS_UNSUPPORTED' });
  });

  it('accepts an external signer and refuses one that signs with another key', async () => {
    const own = clientCredentials(0);
    const other = clientCredentials(1);
    const { sign } = await import('node:crypto');
    const store = createMemoryKeyCacheStore();
    const good = await createKeyCache({
      store,
      credentials: { certificate: own.certificate, sign: (d) => sign('sha256', d, own.privateKey) },
      policies: [cachePolicy()],
    });
    expect((await good.put(keyEntry(1))).cached).toBe(true);
    // The same private key used directly derives the same keys: the entry is readable.
    const direct = await createKeyCache({ store, credentials: own });
    expect(await direct.get('10514-1-1')).toBeDefined();
    await expect(
      createKeyCache({
        store: createMemoryKeyCacheStore(),
        credentials: { certificate: own.certificate, sign: (d) => sign('sha256', d, other.privateKey) },
      }),
    ).rejects.toMatchObject({ code: 'CACHE_CREDENTIALS_UNSUPPORTED' });
  });
});

describe('KeyUsePolicy state survives eviction and re-fetch (SKSML-CLT-104, SKSML-CLT-105)', () => {
  it('a deleted or evicted key resumes its recorded state when cached again, also after a restart', async () => {
    const store = createMemoryKeyCacheStore();
    const clock = manualClock();
    const credentials = clientCredentials(0);
    const cache = await createKeyCache({
      store,
      credentials,
      clock,
      policies: [cachePolicy({ usedKeysCacheDetail: { maximumKeys: 1n, maximumDuration: 3600n } })],
    });
    const entry = keyEntry(1);
    await cache.put(entry);
    const firstUse = clock();
    await cache.updateState('10514-1-1', { firstUseAt: firstUse, encryptionsPerformed: 3n });
    clock.advance(1);
    // Another used key evicts it (MaximumKeys 1 for used keys).
    await cache.put(keyEntry(2, 'DEFAULT', { kind: 'used' }));
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(cache.getState('10514-1-1')).toEqual({ firstUseAt: firstUse, encryptionsPerformed: 3n });
    cache.close();

    const again = await createKeyCache({ store, credentials, clock });
    expect(again.getState('10514-1-1')).toEqual({ firstUseAt: firstUse, encryptionsPerformed: 3n });
    await again.put({ ...entry, state: { encryptionsPerformed: 0n } });
    const got = await again.get('10514-1-1');
    expect(got!.state).toEqual({ firstUseAt: firstUse, encryptionsPerformed: 3n });
    expect(got!.kind).toBe('used');
    expect(await again.delete('10514-1-1')).toBe(true);
    expect(again.getState('10514-1-1')!.encryptionsPerformed).toBe(3n);
    await again.clear();
    expect(await again.list()).toEqual([]);
    expect(again.getState('10514-1-1')!.encryptionsPerformed).toBe(3n);
  });

  it('records the state of a key the policy does not let it cache, and refuses regressions', async () => {
    const cache = await createKeyCache({
      store: createMemoryKeyCacheStore(),
      credentials: clientCredentials(0),
      policies: [cachePolicy({ status: 'Inactive' })],
    });
    expect((await cache.put(keyEntry(4))).cached).toBe(false);
    expect(cache.getState('10514-1-4')).toBeUndefined();
    const result = await cache.updateState('10514-1-4', { encryptionsPerformed: 2n });
    expect(result.cached).toBe(false);
    expect(cache.getState('10514-1-4')).toEqual({ encryptionsPerformed: 2n });
    await expect(cache.updateState('10514-1-4', { encryptionsPerformed: 1n })).rejects.toMatchObject({
      code: 'CACHE_STATE_REGRESSION',
    });
  });
});

describe('PEM credentials', () => {
  it('derive the same cache keys as KeyObjects', async () => {
    const own = clientCredentials(0);
    const store = createMemoryKeyCacheStore();
    const a = await createKeyCache({ store, credentials: own, policies: [cachePolicy()] });
    await a.put(keyEntry(1));
    a.close();
    const log = tamperLog();
    const b = await createKeyCache({
      store,
      credentials: { privateKey: own.privateKeyPem, certificate: own.certificatePem },
      onCacheTamper: log.handler,
    });
    expect(await b.get('10514-1-1')).toBeDefined();
    expect(log.events).toEqual([]);
    await expect(
      createKeyCache({ store: createMemoryKeyCacheStore(), credentials: { privateKey: 'not a pem' } }),
    ).rejects.toMatchObject({ code: 'CACHE_CREDENTIALS_UNSUPPORTED' });
  });
});

describe('crash consistency and concurrency', () => {
  it('keeps an authentic entry written just before an interrupted index update', async () => {
    const store = createMemoryKeyCacheStore();
    const credentials = clientCredentials(0);
    const cache = await createKeyCache({ store, credentials, policies: [cachePolicy()] });
    await cache.put(keyEntry(1));
    const indexBefore = Uint8Array.from(store.index!);
    await cache.put(keyEntry(2));
    await cache.updateState('10514-1-1', { encryptionsPerformed: 1n });
    cache.close();
    // The index writes were lost: entry 2 is unknown to it, entry 1 is newer than it records.
    store.index = indexBefore;
    const log = tamperLog();
    const again = await createKeyCache({ store, credentials, onCacheTamper: log.handler });
    expect(log.events).toEqual([]);
    expect(await again.get('10514-1-2')).toBeDefined();
    expect((await again.get('10514-1-1'))!.state.encryptionsPerformed).toBe(1n);
    expect(again.getState('10514-1-1')!.encryptionsPerformed).toBe(1n);
  });

  it('concurrent operations are serialised and leave a consistent cache', async () => {
    const store = createMemoryKeyCacheStore();
    const credentials = clientCredentials(0);
    const cache = await createKeyCache({
      store,
      credentials,
      policies: [cachePolicy({ newKeysCacheDetail: { maximumKeys: 5n, maximumDuration: 3600n } })],
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        cache.put(keyEntry(i + 1, 'DEFAULT', { cachedAt: new Date(Date.now() - (12 - i) * 1000) })),
      ),
    );
    expect(results.every((r) => r.cached)).toBe(true);
    expect((await cache.list()).map((e) => e.globalKeyId)).toEqual(
      ['8', '9', '10', '11', '12'].map((k) => `10514-1-${k}`),
    );
    cache.close();
    const log = tamperLog();
    const again = await createKeyCache({ store, credentials, onCacheTamper: log.handler });
    expect(log.events).toEqual([]);
    expect(await again.list()).toHaveLength(5);
    expect(store.blobs.size).toBe(5);
  });
});
