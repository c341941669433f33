/**
 * Sequence blocks (spec/store.md §2): values come from blocks reserved by one sealed row update,
 * and no value is ever handed out twice, across savepoint and transaction rollbacks, a COMMIT that
 * fails, a restart, and another store (another connection, like the admin tool) allocating from
 * the same row. KeyIDs are checked by saving a key under each: the primary key refuses a second
 * key with the same ID, so a value handed out twice fails the test.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ID_PART } from '../../protocol/model/identifiers.ts';
import type { NewKey } from './records.ts';
import { SealedRows } from './sealed-rows.ts';
import type { SksStore, StoreTransaction } from './store.ts';
import { createStoreContext } from './store-context.ts';
import { SEQUENCES } from './tables.ts';
import { makeSqliteHarness } from './testing/sqlite-harness.ts';
import type { StoreHarness } from './testing/store-harness.ts';
import { failNextCommit } from './testing/transaction-taps.ts';

const SERVER = 5n;

function newKey(keyId: bigint): NewKey {
  return {
    globalKeyId: { domainId: 9n, serverId: SERVER, keyId },
    keyClass: 'default',
    ownerClientId: 'alice',
    algorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
    keySize: 256,
    sealedKey: randomBytes(16),
  };
}

async function seed(store: SksStore): Promise<void> {
  await store.insertClient({ id: 'alice', certificateDer: randomBytes(64), subject: 'CN=alice' });
  await store.putKeyClass({
    name: 'default',
    keyUsePolicy: '<p/>',
    keyCachePolicy: '{}',
    requiresApproval: false,
  });
}

async function lastValue(h: StoreHarness): Promise<bigint> {
  const [row] = await h.raw.all("SELECT last_value FROM sequences WHERE name = 'key' AND server_id = ?", [
    SERVER.toString(),
  ]);
  return BigInt(row!.last_value as string);
}

describe('sequence blocks (SQLite)', () => {
  let h: StoreHarness;
  const opened: SksStore[] = [];
  beforeEach(async () => {
    h = await makeSqliteHarness();
    await seed(h.store);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await h.close();
  });

  async function other(): Promise<SksStore> {
    const store = await h.reopen();
    opened.push(store);
    return store;
  }

  it('reserves a block with one row update and hands out the rest from memory', async () => {
    expect(await h.store.allocateKeyId(SERVER)).toBe(1n);
    expect(await lastValue(h)).toBe(64n);
    const [{ version }] = (await h.raw.all("SELECT version FROM sequences WHERE name = 'key'")) as [
      { version: number },
    ];
    for (let i = 2n; i <= 64n; i++) expect(await h.store.allocateKeyId(SERVER)).toBe(i);
    expect((await h.raw.all("SELECT version FROM sequences WHERE name = 'key'"))[0]!.version).toBe(version);
    expect(await h.store.allocateKeyId(SERVER)).toBe(65n);
    expect(await lastValue(h)).toBe(128n);
  });

  it('never gives another store (the admin tool) a value inside a block this store holds', async () => {
    const admin = await other();
    const mine = [await h.store.allocateKeyId(SERVER)];
    const theirs = [await admin.allocateKeyId(SERVER)];
    for (let i = 0; i < 70; i++) {
      mine.push(await h.store.allocateKeyId(SERVER));
      theirs.push(await admin.allocateKeyId(SERVER));
    }
    const all = [...mine, ...theirs];
    expect(new Set(all.map(String)).size).toBe(all.length);
    expect(theirs[0]).toBe(65n);
    for (const keyId of mine) await h.store.saveKey(newKey(keyId));
    for (const keyId of theirs) await admin.saveKey(newKey(keyId));
    expect((await h.store.verifyIntegrity()).problems).toEqual([]);
  });

  it('leaves a gap after a restart and never repeats a value', async () => {
    const before = [await h.store.allocateKeyId(SERVER), await h.store.allocateKeyId(SERVER)];
    await h.store.close();
    const again = await other();
    const after = await again.allocateKeyId(SERVER);
    expect(after).toBe(65n);
    expect(before).not.toContain(after);
  });

  it('drops a block whose reserving savepoint rolled back', async () => {
    const admin = await other();
    const kept = await h.store.withTransaction(async (tx) => {
      await expect(
        tx.withTransaction(async (inner) => {
          await inner.allocateKeyId(SERVER);
          throw new Error('item fails');
        }),
      ).rejects.toThrow('item fails');
      // The row update rolled back; a kept block would hand out values the row no longer covers.
      return [await tx.allocateKeyId(SERVER), await tx.allocateKeyId(SERVER)];
    });
    expect(await lastValue(h)).toBeGreaterThanOrEqual(kept[1]!);
    const theirs = [await admin.allocateKeyId(SERVER), await admin.allocateKeyId(SERVER)];
    const mine = [await h.store.allocateKeyId(SERVER), await h.store.allocateKeyId(SERVER)];
    const all = [...kept, ...theirs, ...mine];
    expect(new Set(all.map(String)).size).toBe(all.length);
  });

  it('drops a block whose transaction failed, and one whose COMMIT failed', async () => {
    await expect(
      h.store.withTransaction(async (tx) => {
        await tx.allocateKeyId(SERVER);
        throw new Error('request fails');
      }),
    ).rejects.toThrow('request fails');
    expect((await h.raw.all("SELECT * FROM sequences WHERE name = 'key'")).length).toBe(0);
    failNextCommit(h.store);
    await expect(h.store.allocateKeyId(SERVER)).rejects.toThrow('COMMIT failed');
    failNextCommit(h.store);
    await expect(h.store.withTransaction((tx) => tx.allocateKeyId(SERVER))).rejects.toThrow('COMMIT failed');
    expect((await h.raw.all("SELECT * FROM sequences WHERE name = 'key'")).length).toBe(0);
    const admin = await other();
    const theirs = await admin.allocateKeyId(SERVER);
    const mine = await h.store.allocateKeyId(SERVER);
    expect(theirs).toBe(1n);
    expect(mine).toBe(65n);
  });

  it('serves concurrent callers from one reservation', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => h.store.allocateRequestId(SERVER)));
    expect([...ids].sort((a, b) => Number(a - b))).toEqual(
      Array.from({ length: 40 }, (_, i) => BigInt(i + 1)),
    );
    const [row] = await h.raw.all("SELECT version FROM sequences WHERE name = 'request'");
    expect(row!.version).toBe(1);
  });

  it('clamps the last block at 2^64-1 and then refuses with STORE_SEQUENCE_EXHAUSTED', async () => {
    // Another connection moves the row near the end through the sealed write path.
    const ctx = createStoreContext(h.sealer, undefined, () => new Date());
    await h.raw.transaction(async (tx) => {
      const rows = new SealedRows(tx, ctx);
      await rows.insert(SEQUENCES, {
        name: 'key',
        server_id: SERVER.toString(),
        last_value: (MAX_ID_PART - 2n).toString(),
      });
      await rows.flushJournal();
    });
    expect(await h.store.allocateKeyId(SERVER)).toBe(MAX_ID_PART - 1n);
    expect(await lastValue(h)).toBe(MAX_ID_PART);
    expect(await h.store.allocateKeyId(SERVER)).toBe(MAX_ID_PART);
    await expect(h.store.allocateKeyId(SERVER)).rejects.toMatchObject({ code: 'STORE_SEQUENCE_EXHAUSTED' });
    expect(h.alarms).toEqual([]);
  });
});

type Op =
  | { kind: 'outside'; store: 0 | 1 }
  | { kind: 'commit'; store: 0 | 1; count: number }
  | { kind: 'fail'; store: 0 | 1; count: number }
  | { kind: 'nested'; store: 0 | 1; failInner: boolean }
  | { kind: 'commit-fails'; store: 0 | 1 }
  | { kind: 'restart'; store: 0 | 1 };

const store01 = fc.constantFrom<0 | 1>(0, 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('outside' as const), store: store01 }),
  fc.record({ kind: fc.constant('commit' as const), store: store01, count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('fail' as const), store: store01, count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('nested' as const), store: store01, failInner: fc.boolean() }),
  fc.record({ kind: fc.constant('commit-fails' as const), store: store01 }),
  fc.record({ kind: fc.constant('restart' as const), store: store01 }),
);

describe('sequence blocks: property', () => {
  it('no KeyID is ever saved twice, whatever mix of stores, rollbacks, failed commits and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const h = await makeSqliteHarness();
        const stores: SksStore[] = [h.store, await h.reopen()];
        try {
          await seed(h.store);
          const saved: bigint[] = [];
          const save = async (tx: StoreTransaction, count: number): Promise<bigint[]> => {
            const ids: bigint[] = [];
            for (let i = 0; i < count; i++) {
              const id = await tx.allocateKeyId(SERVER);
              await tx.saveKey(newKey(id));
              ids.push(id);
            }
            return ids;
          };
          for (const op of ops) {
            const store = stores[op.store]!;
            if (op.kind === 'outside') {
              const id = await store.allocateKeyId(SERVER);
              await store.saveKey(newKey(id));
              saved.push(id);
            } else if (op.kind === 'commit') {
              saved.push(...(await store.withTransaction((tx) => save(tx, op.count))));
            } else if (op.kind === 'fail') {
              await expect(
                store.withTransaction(async (tx) => {
                  await save(tx, op.count);
                  throw new Error('fails');
                }),
              ).rejects.toThrow('fails');
            } else if (op.kind === 'nested') {
              const ids = await store.withTransaction(async (tx) => {
                const out = await tx.withTransaction((inner) => save(inner, 1));
                const second = await tx
                  .withTransaction(async (inner) => {
                    const got = await save(inner, 2);
                    if (op.failInner) throw new Error('inner fails');
                    return got;
                  })
                  .catch(() => []);
                out.push(...second, ...(await save(tx, 1)));
                return out;
              });
              saved.push(...ids);
            } else if (op.kind === 'commit-fails') {
              failNextCommit(store);
              await expect(store.withTransaction((tx) => save(tx, 2))).rejects.toThrow('COMMIT failed');
            } else {
              await store.close();
              stores[op.store] = await h.reopen();
            }
          }
          // Every save went through the primary key (a repeat throws STORE_CONFLICT above), and the
          // journal still verifies.
          const report = await stores[0]!.verifyIntegrity();
          expect(report.problems).toEqual([]);
          // Exactly the keys of committed work are stored, each under the KeyID it was given.
          const rows = await h.raw.all('SELECT key_id FROM keys');
          expect(rows.map((r) => r.key_id as string).sort()).toEqual(saved.map(String).sort());
          expect(h.alarms).toEqual([]);
        } finally {
          for (const s of stores) await s.close();
          await h.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
