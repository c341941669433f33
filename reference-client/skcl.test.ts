import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyAlgorithm } from '../protocol/model/enumerations.ts';
import { buildKeyUsePolicy, buildUnrestrictedPermissions } from '../protocol/testkit/builders.ts';
import { createTestPki } from '../protocol/testkit/pki.ts';
import { createKeyCache } from './cache/key-cache.ts';
import { createMemoryKeyCacheStore, type MemoryKeyCacheStore } from './cache/memory-key-cache-store.ts';
import type { ClientOptions } from './client/options.ts';
import {
  AES128_GCM,
  AES192_GCM,
  AES256_CBC,
  AES256_GCM,
  TRIPLEDES_CBC,
  dataAlgorithmOf,
} from './data/algorithms.ts';
import { encryptOctets } from './data/cipher.ts';
import { DataEncryptionError } from './data/data-error.ts';
import { buildEncryptedDataXml, readEncryptedData, TYPE_ELEMENT } from './data/encrypted-data-xml.ts';
import { createSkcl, type Skcl } from './skcl.ts';
import { createScriptedServer, type ScriptedServer } from './testing/scripted-server.ts';
import { createTestClient } from './testing/test-client.ts';
import { KeyUnavailableError, KeyUseDeniedError } from './usage/usage-errors.ts';

const pki = createTestPki();
const credential = pki.clients[0]!;
const credentials = { privateKey: credential.privateKey, certificate: credential.certificate };

const CLASSES: Record<string, KeyAlgorithm> = {
  AES128: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  AES192: 'http://www.w3.org/2001/04/xmlenc#aes192-cbc',
  AES256: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  TDES: 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc',
};

interface Setup {
  readonly server: ScriptedServer;
  readonly store: MemoryKeyCacheStore;
  open(overrides?: Partial<ClientOptions>, maxWaitMs?: number): Promise<Skcl>;
}

function setup(server = createScriptedServer({ pki, keyAlgorithms: CLASSES })): Setup {
  const store = createMemoryKeyCacheStore();
  return {
    server,
    store,
    async open(overrides = {}, maxWaitMs = 0) {
      const { client } = createTestClient(pki, [{ fetch: server, name: 'sks' }], overrides);
      const cache = await createKeyCache({ store, credentials });
      return createSkcl({ client, cache, maxWaitMs });
    },
  };
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
}

function withKeyName(xml: string, keyName: string): string {
  return xml.replace(/<ds:KeyName>[^<]*<\/ds:KeyName>/, `<ds:KeyName>${keyName}</ds:KeyName>`);
}

describe('SKCL encrypt / decrypt', () => {
  it.each([
    ['AES128', false, AES128_GCM],
    ['AES192', false, AES192_GCM],
    ['AES256', false, AES256_GCM],
    ['AES128', true, 'http://www.w3.org/2001/04/xmlenc#aes128-cbc'],
    ['AES192', true, 'http://www.w3.org/2001/04/xmlenc#aes192-cbc'],
    ['AES256', true, AES256_CBC],
    ['TDES', true, TRIPLEDES_CBC],
  ])('round-trips with a %s key (strict %s) as %s', async (keyClass, strict, algorithm) => {
    const s = setup();
    const skcl = await s.open();
    const data = new Uint8Array(randomBytes(1000));
    const encrypted = await skcl.encrypt(data, { keyClass, strict });
    expect(encrypted.algorithm).toBe(algorithm);
    expect(encrypted.keyClass).toBe(keyClass);
    expect(readEncryptedData(encrypted.xml).keyName).toBe(encrypted.globalKeyId);
    const decrypted = await skcl.decrypt(encrypted.xml, { strict });
    expect(Buffer.from(decrypted.data).equals(Buffer.from(data))).toBe(true);
    expect(decrypted.globalKeyId).toBe(encrypted.globalKeyId);
    // A fresh client with an empty cache fetches the key from the server by its GlobalKeyID.
    const other = await setup(s.server).open();
    const again = await other.decrypt(encrypted.xml);
    expect(again.source).toBe('server');
    expect(Buffer.from(again.data).equals(Buffer.from(data))).toBe(true);
  });

  it('refuses a 3DES key outside strict mode (no authenticated 3DES mode)', async () => {
    const skcl = await setup().open();
    const e = await failure(skcl.encrypt(text('x'), { keyClass: 'TDES' }));
    expect((e as DataEncryptionError).code).toBe('DATA_UNSUPPORTED');
  });

  it('writes Type Element for an XML element and decrypts it', async () => {
    const skcl = await setup().open();
    const encrypted = await skcl.encrypt(text('<doc xmlns="urn:x">secret</doc>'), { keyClass: 'AES256' });
    const read = readEncryptedData(encrypted.xml);
    expect(read.type).toBe(TYPE_ELEMENT);
    expect((await skcl.decrypt(encrypted.xml)).type).toBe(TYPE_ELEMENT);
  });

  it('refuses a tampered tag, ciphertext or KeyName with DATA_DECRYPT_FAILED', async () => {
    const skcl = await setup().open();
    const a = await skcl.encrypt(text('the payroll of March'), { keyClass: 'AES256' });
    const b = await skcl.encrypt(text('another document'), { keyClass: 'AES256' });
    const fields = readEncryptedData(a.xml);
    const rebuild = (cipherValue: Uint8Array): string => buildEncryptedDataXml({ ...fields, cipherValue });
    const tag = Uint8Array.from(fields.cipherValue);
    tag[tag.length - 1]! ^= 1;
    const body = Uint8Array.from(fields.cipherValue);
    body[14]! ^= 0x80;
    for (const xml of [rebuild(tag), rebuild(body), withKeyName(a.xml, b.globalKeyId)]) {
      const e = await failure(skcl.decrypt(xml));
      expect(e).toBeInstanceOf(DataEncryptionError);
      expect((e as DataEncryptionError).code).toBe('DATA_DECRYPT_FAILED');
    }
    expect(new TextDecoder().decode((await skcl.decrypt(a.xml)).data)).toBe('the payroll of March');
  });

  it('applies the KeyUsePolicy to decryption (denied without the permitted use)', async () => {
    const s = setup();
    const key = new Uint8Array(randomBytes(32));
    const keyUsePolicy = buildKeyUsePolicy({
      keyClass: 'AES256',
      permissions: { ...buildUnrestrictedPermissions(), permittedUses: { any: false, uses: ['payroll'] } },
    });
    s.server.store.set('10514-1-900', { key, keyUsePolicy });
    const xml = buildEncryptedDataXml({
      algorithm: AES256_GCM,
      keyName: '10514-1-900',
      cipherValue: encryptOctets(dataAlgorithmOf(AES256_GCM)!, key, text('salaries')),
    });
    const skcl = await s.open();
    const e = await failure(skcl.decrypt(xml, { use: 'marketing' }));
    expect(e).toBeInstanceOf(KeyUseDeniedError);
    expect((e as KeyUseDeniedError).violations.map((v) => v.requirement)).toEqual(['SKSML-CLT-110']);
    expect(new TextDecoder().decode((await skcl.decrypt(xml, { use: 'payroll' })).data)).toBe('salaries');
    // A document claiming another algorithm than the key's policy allows is refused (SKSML-CLT-58).
    const strictOnly = await failure(skcl.decrypt(xml, { use: 'payroll', strict: true }));
    expect((strictOnly as KeyUseDeniedError).violations[0]?.requirement).toBe('SKSML-CLT-58');
  });
});

describe('SKCL useKey', () => {
  it('counts encryptions across restarts and re-fetches; decryptions stay allowed', async () => {
    const s = setup();
    const keyUsePolicy = buildKeyUsePolicy({
      keyClass: 'AES256',
      permissions: {
        ...buildUnrestrictedPermissions(),
        permittedNumberOfTransactions: { any: false, count: 2n },
      },
    });
    s.server.store.set('10514-1-901', { key: new Uint8Array(randomBytes(32)), keyUsePolicy });
    let skcl = await s.open();
    (await skcl.useKey('10514-1-901', { operation: 'encrypt' })).wipe();
    skcl.close();
    skcl = await s.open(); // restart: the key class AES256 is not cacheable, so it is re-fetched
    const second = await skcl.useKey('10514-1-901', { operation: 'encrypt' });
    expect(second.state.encryptionsPerformed).toBe(2n);
    expect(second.source).toBe('server');
    skcl.close();
    skcl = await s.open();
    const e = await failure(skcl.useKey('10514-1-901', { operation: 'encrypt' }));
    expect((e as KeyUseDeniedError).code).toBe('CLIENT_KEY_USE_DENIED');
    expect((e as KeyUseDeniedError).violations.map((v) => v.code)).toEqual(['LIMIT_REACHED']);
    await expect(skcl.useKey('10514-1-901', { operation: 'decrypt' })).resolves.toBeDefined();
  });

  it('reports a server refusal as CLIENT_KEY_REFUSED', async () => {
    const s = setup();
    const skcl = await s.open();
    s.server.setBehaviour('symkey-error');
    const e = await failure(skcl.encrypt(text('x'), { keyClass: 'AES256' }));
    expect(e).toBeInstanceOf(KeyUnavailableError);
    expect((e as KeyUnavailableError).code).toBe('CLIENT_KEY_REFUSED');
    expect((e as KeyUnavailableError).serverErrorCode).toBe('SKS-100004');
    const g = await failure(skcl.useKey('10514-1-12345', { operation: 'decrypt' }));
    expect((g as KeyUnavailableError).code).toBe('CLIENT_KEY_REFUSED');
  });

  it('waits for SymkeyWorkInProgress only when allowed', async () => {
    const server = createScriptedServer({ pki, behaviour: 'work-in-progress', keyAlgorithms: CLASSES });
    let offset = 0;
    const overrides = {
      clock: () => new Date(Date.now() + offset),
      sleep: (ms: number) => {
        offset += ms;
        return Promise.resolve();
      },
    };
    const s = setup(server);
    const noWait = await s.open(overrides);
    const e = await failure(noWait.encrypt(text('x'), { keyClass: 'AES256' }));
    expect((e as KeyUnavailableError).code).toBe('CLIENT_KEY_PENDING');
    const waiting = await s.open(overrides, 300_000);
    const encrypted = await waiting.encrypt(text('later'), { keyClass: 'AES256' });
    expect(new TextDecoder().decode((await waiting.decrypt(encrypted.xml)).data)).toBe('later');
  });
});

describe('SKCL and the key cache', () => {
  it('uses a cached new key of the class before asking the server, then a fresh one', async () => {
    const s = setup();
    const skcl = await s.open();
    const outcome = await skcl.requestNewKeys(['DEFAULT']);
    const held = outcome.keys[0]!;
    expect(held.cached).toBe(true);
    expect(JSON.stringify(held)).toContain('[redacted]');
    const calls = s.server.calls;
    const first = await skcl.encrypt(text('one'), { keyClass: 'DEFAULT' });
    expect(first.globalKeyId).toBe(held.globalKeyId);
    expect(first.source).toBe('cache');
    expect(s.server.calls).toBe(calls);
    const second = await skcl.encrypt(text('two'), { keyClass: 'DEFAULT' });
    expect(second.globalKeyId).not.toBe(held.globalKeyId);
    expect(second.source).toBe('server');
    // A fresh process over the same cache decrypts both without the server.
    const later = await s.open();
    const before = s.server.calls;
    expect((await later.decrypt(first.xml)).source).toBe('cache');
    expect((await later.decrypt(second.xml)).source).toBe('cache');
    expect(s.server.calls).toBe(before);
  });

  it('falls back to a fresh key when a cached new key may no longer encrypt', async () => {
    const s = setup();
    const skcl = await s.open();
    await skcl.refreshKeyCachePolicies();
    const cache = await createKeyCache({ store: s.store, credentials });
    const inactive = buildKeyUsePolicy({ keyClass: 'DEFAULT', status: 'Inactive' });
    expect(
      (await cache.put({ globalKeyId: '10514-9-1', keyUsePolicy: inactive, key: new Uint8Array(32) })).cached,
    ).toBe(true);
    cache.close();
    const reopened = await s.open();
    const result = await reopened.encrypt(text('x'), { keyClass: 'DEFAULT' });
    expect(result.globalKeyId).not.toBe('10514-9-1');
    expect(result.source).toBe('server');
  });
});
