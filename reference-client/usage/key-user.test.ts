import { describe, expect, it } from 'vitest';
import { createKeyCache } from '../cache/key-cache.ts';
import { createMemoryKeyCacheStore } from '../cache/memory-key-cache-store.ts';
import { buildKeyCachePolicy } from '../../protocol/testkit/builders.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { AES128_GCM, AES256_CBC, AES256_GCM } from '../data/algorithms.ts';
import { createKeyUser } from './key-user.ts';
import { createCacheStateStore, createMemoryKeyUseStateStore } from './key-use-state-store.ts';
import { materialFor, policyWith } from './usage-test-support.ts';
import { KeyUnavailableError, KeyUseDeniedError } from './usage-errors.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

describe('createKeyUser', () => {
  it('releases a copy of the key and records the encryption before resolving', async () => {
    const states = createMemoryKeyUseStateStore();
    const user = createKeyUser({ states, clock: () => T0 });
    const material = materialFor('10514-1-1', policyWith());
    const usable = await user.authorize(material, { operation: 'encrypt' });
    expect(Buffer.from(usable.key).equals(Buffer.from(material.key))).toBe(true);
    expect(usable.key).not.toBe(material.key);
    expect(states.states.get('10514-1-1')).toEqual({ firstUseAt: T0, encryptionsPerformed: 1n });
    expect(JSON.stringify(usable)).not.toContain(Buffer.from(material.key).toString('base64'));
    usable.wipe();
    expect(usable.key.every((b) => b === 0)).toBe(true);
    expect(material.key.some((b) => b !== 0)).toBe(true);
  });

  it('does not count decryptions but records the first use', async () => {
    const states = createMemoryKeyUseStateStore();
    const user = createKeyUser({ states, clock: () => T0 });
    const material = materialFor(
      '10514-1-2',
      policyWith({ permittedNumberOfTransactions: { any: false, count: 1n } }),
    );
    await user.authorize(material, { operation: 'decrypt' });
    expect(states.states.get('10514-1-2')).toEqual({ firstUseAt: T0, encryptionsPerformed: 0n });
    await user.authorize(material, { operation: 'encrypt' });
    await expect(user.authorize(material, { operation: 'encrypt' })).rejects.toBeInstanceOf(
      KeyUseDeniedError,
    );
    await user.authorize(material, { operation: 'decrypt' });
    expect(states.states.get('10514-1-2')?.encryptionsPerformed).toBe(1n);
  });

  it('refuses with every violation and its requirement ID, persisting nothing', async () => {
    const states = createMemoryKeyUseStateStore();
    const user = createKeyUser({ states, clock: () => T0 });
    const policy = policyWith(
      {
        permittedUses: { any: false, uses: ['payroll'] },
        permittedLevels: { any: false, levels: ['Secret'] },
      },
      { status: 'Inactive' },
    );
    const error = await user
      .authorize(materialFor('10514-1-3', policy), {
        operation: 'encrypt',
        use: 'marketing',
        level: 'Secret',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyUseDeniedError);
    const denied = error as KeyUseDeniedError;
    expect(denied.code).toBe('CLIENT_KEY_USE_DENIED');
    expect(denied.violations.map((v) => [v.rule, v.requirement])).toEqual([
      ['Status', 'SKSML-CLT-59'],
      ['PermittedUses', 'SKSML-CLT-110'],
    ]);
    expect(denied.message).toContain('SKSML-CLT-59');
    expect(states.states.size).toBe(0);
  });

  it('fails closed when the state cannot be persisted', async () => {
    const user = createKeyUser({
      states: { get: () => undefined, record: () => Promise.reject(new Error('disk full')) },
      clock: () => T0,
    });
    const error = await user
      .authorize(materialFor('10514-1-4', policyWith()), { operation: 'encrypt' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyUnavailableError);
    expect((error as KeyUnavailableError).code).toBe('CLIENT_KEY_STATE_FAILED');
  });

  it('serializes concurrent uses of one key: never more encryptions than permitted', async () => {
    const states = createMemoryKeyUseStateStore();
    let writes = 0;
    const slow = {
      get: (id: string) => states.get(id),
      async record(id: string, s: { encryptionsPerformed: bigint; firstUseAt?: Date }) {
        writes++;
        await new Promise((r) => setTimeout(r, 1));
        await states.record(id, s);
      },
    };
    const user = createKeyUser({ states: slow, clock: () => T0 });
    const material = materialFor(
      '10514-1-5',
      policyWith({ permittedNumberOfTransactions: { any: false, count: 3n } }),
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => user.authorize(material, { operation: 'encrypt' })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(writes).toBe(3);
    expect(states.states.get('10514-1-5')?.encryptionsPerformed).toBe(3n);
  });

  it('accepts AES-GCM of the policy key size unless strict, and nothing else (SKSML-CLT-58)', async () => {
    const user = createKeyUser({ states: createMemoryKeyUseStateStore(), clock: () => T0 });
    const material = materialFor('10514-1-6', policyWith());
    await expect(
      user.authorize(material, { operation: 'encrypt', algorithm: AES256_GCM }),
    ).resolves.toBeDefined();
    await expect(
      user.authorize(material, { operation: 'encrypt', algorithm: AES256_CBC }),
    ).resolves.toBeDefined();
    for (const [algorithm, strictAlgorithm] of [
      [AES256_GCM, true],
      [AES128_GCM, false],
      ['http://www.w3.org/2001/04/xmlenc#aes128-cbc', false],
      ['urn:example:rot13', false],
    ] as const) {
      const e = await user
        .authorize(material, { operation: 'encrypt', algorithm, strictAlgorithm })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KeyUseDeniedError);
      expect((e as KeyUseDeniedError).violations[0]?.requirement).toBe('SKSML-CLT-58');
    }
  });

  it('keeps the duration running across a restart (SKSML-CLT-104)', async () => {
    const states = createMemoryKeyUseStateStore();
    let now = T0;
    const policy = policyWith({ permittedDuration: { any: false, seconds: 60n } });
    const material = materialFor('10514-1-7', policy);
    await createKeyUser({ states, clock: () => now }).authorize(material, { operation: 'decrypt' });
    now = new Date(T0.getTime() + 59_000);
    await createKeyUser({ states, clock: () => now }).authorize(material, { operation: 'encrypt' });
    now = new Date(T0.getTime() + 60_000);
    const e = await createKeyUser({ states, clock: () => now })
      .authorize(material, { operation: 'decrypt' })
      .catch((x: unknown) => x);
    expect((e as KeyUseDeniedError).violations.map((v) => v.code)).toEqual(['LIMIT_REACHED']);
  });
});

describe('createCacheStateStore', () => {
  const pki = createTestPki();
  const credential = pki.clients[0]!;
  const credentials = { privateKey: credential.privateKey, certificate: credential.certificate };

  it('keeps the counter when the cache drops a key that became used (no UsedKeysCacheDetail)', async () => {
    const store = createMemoryKeyCacheStore();
    const policies = [buildKeyCachePolicy({ usedKeysCacheDetail: undefined })];
    const cache = await createKeyCache({ store, credentials, policies, clock: () => T0 });
    const kup = policyWith({ permittedNumberOfTransactions: { any: false, count: 1n } });
    const material = materialFor('10514-1-8', kup);
    expect((await cache.put({ globalKeyId: '10514-1-8', keyUsePolicy: kup, key: material.key })).cached).toBe(
      true,
    );
    const user = createKeyUser({ states: createCacheStateStore(cache), clock: () => T0 });
    await user.authorize(material, { operation: 'encrypt' });
    expect(await cache.get('10514-1-8')).toBeUndefined(); // used keys may not be cached
    cache.close();

    const reopened = await createKeyCache({ store, credentials, clock: () => T0 });
    expect(reopened.getState('10514-1-8')?.encryptionsPerformed).toBe(1n);
    const again = createKeyUser({ states: createCacheStateStore(reopened), clock: () => T0 });
    await expect(again.authorize(material, { operation: 'encrypt' })).rejects.toBeInstanceOf(
      KeyUseDeniedError,
    );
    reopened.close();
  });
});
