/**
 * The reference client against the reference server, in-process (createServer → app.fetch):
 * new keys of the default and of several classes, an existing key, the KeyCachePolicies, the
 * approval flow with polls no sooner than RequestCheckInterval, and encrypt/decrypt through the
 * SKCL with and without a shared cache.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGlobalKeyID, formatSymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { createFileKeyCacheStore } from '../../reference-client/cache/file-key-cache-store.ts';
import { createKeyCache, type KeyCache } from '../../reference-client/cache/key-cache.ts';
import { createMemoryKeyCacheStore } from '../../reference-client/cache/memory-key-cache-store.ts';
import { AES256_GCM } from '../../reference-client/data/algorithms.ts';
import { ClientError } from '../../reference-client/errors/client-error.ts';
import { createSkcl, type Skcl } from '../../reference-client/skcl.ts';
import { KeyUseDeniedError } from '../../reference-client/usage/usage-errors.ts';
import { clientFor, inProcess, setupOf, startServerFixture, type ServerFixture } from './support.ts';

let fx: ServerFixture;
let dir: string;

beforeAll(async () => {
  fx = await startServerFixture();
  dir = mkdtempSync(join(tmpdir(), 'sksml-cvs-'));
});
afterAll(async () => {
  await fx?.cleanup();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const bits = (key: Uint8Array): number => key.length * 8;

describe('key requests through app.fetch', () => {
  it('a new key of the default class: verified, unwrapped, of the class policy and size', async () => {
    const { client } = clientFor(setupOf(fx), [inProcess(fx, 'primary')]);
    const result = await client.requestNewKey();
    expect(result.errors).toEqual([]);
    expect(result.pending).toEqual([]);
    expect(result.servers).toEqual(['primary']);
    const key = result.keys[0]!;
    expect(result.keys).toHaveLength(1);
    expect(key.keyClass).toBe('DEFAULT');
    expect(key.globalKeyId.domainId).toBe(fx.config.domainId);
    expect(key.globalKeyId.serverId).toBe(fx.config.serverId);
    expect(bits(key.key)).toBe(key.keyUsePolicy.keySize);
    expect(key.keyUsePolicy.keySize).toBe(256);
    expect(JSON.stringify(key)).toContain('[redacted]');
  });

  it('several classes in one request, and the existing key again by its GlobalKeyID', async () => {
    const { client } = clientFor(setupOf(fx), [inProcess(fx)]);
    const result = await client.requestNewKeys(['DEFAULT', 'AES-128']);
    expect(result.errors).toEqual([]);
    const byClass = new Map(result.keys.map((k) => [k.keyClass, k]));
    expect([...byClass.keys()].sort()).toEqual(['AES-128', 'DEFAULT']);
    expect(bits(byClass.get('AES-128')!.key)).toBe(128);
    expect(bits(byClass.get('DEFAULT')!.key)).toBe(256);
    for (const delivered of result.keys) {
      const again = await client.getKey(formatGlobalKeyID(delivered.globalKeyId));
      expect(again.keys).toHaveLength(1);
      expect(again.keys[0]!.globalKeyId).toEqual(delivered.globalKeyId);
      expect(Buffer.from(again.keys[0]!.key).equals(Buffer.from(delivered.key))).toBe(true);
    }
  });

  it('an unknown class and an unknown key are SymkeyErrors, not exceptions', async () => {
    const { client } = clientFor(setupOf(fx), [inProcess(fx)]);
    const unknownClass = await client.requestNewKey('NO-SUCH-CLASS');
    expect(unknownClass.keys).toEqual([]);
    expect(unknownClass.errors.map((e) => e.errorCode)).toEqual(['SKS-UNKNOWN-KEY-CLASS']);
    const unknownKey = await client.getKey(`${fx.config.domainId}-${fx.config.serverId}-987654`);
    expect(unknownKey.errors.map((e) => e.errorCode)).toEqual(['SKS-UNKNOWN-KEY']);
  });

  it('the KeyCachePolicies of every class', async () => {
    const { client } = clientFor(setupOf(fx), [inProcess(fx)]);
    const result = await client.getKeyCachePolicy();
    expect(result.policies.map((p) => p.keyClass).sort()).toEqual(
      fx.config.keyClasses.map((c) => c.name).sort(),
    );
    for (const policy of result.policies) expect(policy.status).toBe('Active');
  });

  it('a client certificate the server does not know: a SOAP fault, shown and not retried', async () => {
    const stranger = await fx.addClient('stranger', { register: false });
    const { client, sleeps } = clientFor({ ...setupOf(fx), credential: stranger.credential }, [
      inProcess(fx, 'primary'),
      inProcess(fx, 'dr'),
    ]);
    const error = await client.requestNewKey().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).code).toBe('CLIENT_SERVER_FAULT');
    expect((error as ClientError).fault).toMatchObject({ code: 'Sender', signed: true });
    expect((error as ClientError).fault?.subcodes.join(' ')).toContain('FailedAuthentication');
    // SKSML-CLT-127: a fault ends the request: no retry, no failover.
    expect(sleeps).toEqual([]);
    expect((error as ClientError).attempts.map((a) => a.server)).toEqual(['primary']);
  });
});

describe('the approval flow (SymkeyWorkInProgress)', () => {
  it('polls no sooner than RequestCheckInterval and receives the approved key', async () => {
    const { client, clock } = clientFor(setupOf(fx), [inProcess(fx)]);
    const first = await client.requestNewKey('APPROVAL');
    expect(first.keys).toEqual([]);
    const wip = first.pending[0]!;
    expect(first.pending).toHaveLength(1);
    expect(wip.notBefore.getTime() - clock().getTime()).toBeGreaterThan(55_000);
    const id = formatSymkeyRequestID(wip.symkeyRequestId);
    await expect(client.poll([id])).rejects.toMatchObject({ code: 'CLIENT_POLL_TOO_EARLY' });

    clock.advance(61_000);
    const still = await client.poll([id]);
    expect(still.keys).toEqual([]);
    expect(still.pending.map((p) => formatSymkeyRequestID(p.symkeyRequestId))).toEqual([id]);

    const approved = await fx.server.approveRequest(wip.symkeyRequestId);
    clock.advance(61_000);
    const delivered = await client.poll([id]);
    expect(delivered.keys).toHaveLength(1);
    expect(delivered.keys[0]!.globalKeyId).toEqual(approved);
    expect(formatSymkeyRequestID(delivered.keys[0]!.symkeyRequestId)).toBe(id);
    expect(bits(delivered.keys[0]!.key)).toBe(256);
    expect(client.pendingRequests()).toEqual([]);
  });

  it('waitForKeys sleeps until the poll is due and ends with the denial', async () => {
    const { client, sleeps } = clientFor(setupOf(fx), [inProcess(fx)]);
    const first = await client.requestNewKey('APPROVAL');
    const wip = first.pending[0]!;
    await fx.server.denyRequest(wip.symkeyRequestId);
    const done = await client.waitForKeys([wip.symkeyRequestId], { maxWaitMs: 600_000 });
    expect(done.keys).toEqual([]);
    expect(done.errors.map((e) => e.errorCode)).toEqual(['SKS-REQUEST-DENIED']);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(59_000);
  });
});

describe('encrypt and decrypt through the SKCL', () => {
  function openSkcl(cache: KeyCache): Skcl {
    const { client } = clientFor(setupOf(fx), [inProcess(fx)]);
    return createSkcl({ client, cache });
  }

  const credentials = (): {
    certificate: typeof fx.client.credential.certificate;
    privateKey: typeof fx.client.credential.privateKey;
  } => ({
    certificate: fx.client.credential.certificate,
    privateKey: fx.client.credential.privateKey,
  });

  it('round trip with a shared file cache, then with a fresh cache (key fetched by GlobalKeyID)', async () => {
    const cacheDir = join(dir, 'cache-a');
    const data = randomBytes(10_000);
    const cacheA = await createKeyCache({
      store: await createFileKeyCacheStore(cacheDir),
      credentials: credentials(),
    });
    const skcl = openSkcl(cacheA);
    const encrypted = await skcl.encrypt(data, { keyClass: 'DEFAULT' });
    expect(encrypted.source).toBe('server');
    expect(encrypted.algorithm).toBe(AES256_GCM);
    expect(encrypted.xml).toContain(`<ds:KeyName>${encrypted.globalKeyId}</ds:KeyName>`);
    expect(encrypted.xml).not.toContain(Buffer.from(data).toString('base64').slice(0, 40));
    skcl.close();

    // Same cache directory, a new cache object (as a fresh process would open it).
    const reopened = await createKeyCache({
      store: await createFileKeyCacheStore(cacheDir),
      credentials: credentials(),
    });
    expect(reopened.getState(encrypted.globalKeyId)?.encryptionsPerformed).toBe(1n);
    const shared = openSkcl(reopened);
    const fromCache = await shared.decrypt(encrypted.xml);
    expect(fromCache.source).toBe('cache');
    expect(Buffer.from(fromCache.data).equals(data)).toBe(true);
    shared.close();

    // No shared cache: the key comes from the server by its GlobalKeyID.
    const fresh = openSkcl(
      await createKeyCache({ store: createMemoryKeyCacheStore(), credentials: credentials() }),
    );
    const fromServer = await fresh.decrypt(encrypted.xml);
    expect(fromServer.source).toBe('server');
    expect(fromServer.globalKeyId).toBe(encrypted.globalKeyId);
    expect(Buffer.from(fromServer.data).equals(data)).toBe(true);
    fresh.close();
  });

  it('every class of the server: the key size follows the class policy', async () => {
    const cache = await createKeyCache({ store: createMemoryKeyCacheStore(), credentials: credentials() });
    const skcl = openSkcl(cache);
    for (const [keyClass, algorithm] of [
      ['DEFAULT', 'http://www.w3.org/2009/xmlenc11#aes256-gcm'],
      ['AES-128', 'http://www.w3.org/2009/xmlenc11#aes128-gcm'],
    ] as const) {
      const data = randomBytes(333);
      const encrypted = await skcl.encrypt(data, { keyClass });
      expect(encrypted.keyClass).toBe(keyClass);
      expect(encrypted.algorithm).toBe(algorithm);
      expect(Buffer.from((await skcl.decrypt(encrypted.xml)).data).equals(data)).toBe(true);
      const strict = await skcl.encrypt(data, { keyClass, strict: true });
      expect(strict.algorithm).toMatch(/xmlenc#aes(128|256)-cbc$/);
      expect(Buffer.from((await skcl.decrypt(strict.xml)).data).equals(data)).toBe(true);
    }
    skcl.close();
  });

  it('a cached new key is used before a new one is asked for, and is not used twice for new data', async () => {
    const cache = await createKeyCache({ store: createMemoryKeyCacheStore(), credentials: credentials() });
    const skcl = openSkcl(cache);
    const asked = await skcl.requestNewKeys(['DEFAULT']);
    const cachedId = asked.keys[0]!.globalKeyId;
    const first = await skcl.encrypt(randomBytes(16), { keyClass: 'DEFAULT' });
    expect(first.source).toBe('cache');
    expect(first.globalKeyId).toBe(cachedId);
    const second = await skcl.encrypt(randomBytes(16), { keyClass: 'DEFAULT' });
    expect(second.source).toBe('server');
    expect(second.globalKeyId).not.toBe(cachedId);
    skcl.close();
  });

  it('a tampered document is refused without plaintext, and the policy is applied to decryption', async () => {
    const cache = await createKeyCache({ store: createMemoryKeyCacheStore(), credentials: credentials() });
    const skcl = openSkcl(cache);
    const encrypted = await skcl.encrypt(new TextEncoder().encode('<a>secret</a>'), { keyClass: 'DEFAULT' });
    const value = /<xenc:CipherValue>([^<]+)</.exec(encrypted.xml)![1]!;
    const bytes = Buffer.from(value, 'base64');
    bytes[20] = bytes[20]! ^ 1;
    const tampered = encrypted.xml.replace(value, bytes.toString('base64'));
    await expect(skcl.decrypt(tampered)).rejects.toMatchObject({ code: 'DATA_DECRYPT_FAILED' });
    // A GCM document naming the wrong key size is refused before decryption (SKSML-CLT-58).
    const wrongSize = encrypted.xml.replace('aes256-gcm', 'aes128-gcm');
    await expect(skcl.decrypt(wrongSize)).rejects.toBeInstanceOf(KeyUseDeniedError);
    skcl.close();
  });
});
