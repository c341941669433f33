/**
 * The journal head is written once per write transaction (spec/store.md §4, §6), however many rows
 * the transaction writes and however many of its savepoints roll back; the journal it leaves
 * passes the full scan.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewKey } from './records.ts';
import type { SqlStore } from './sql-store.ts';
import { makeSqliteHarness } from './testing/sqlite-harness.ts';
import type { StoreHarness } from './testing/store-harness.ts';
import { watchStatements } from './testing/transaction-taps.ts';

/** Records every statement the store's write transactions run. */
function recordStatements(store: SqlStore): string[] {
  const seen: string[] = [];
  watchStatements(store, (sql) => seen.push(sql));
  return seen;
}

const SERVER = 3n;

function newKey(keyId: bigint): NewKey {
  return {
    globalKeyId: { domainId: 77n, serverId: SERVER, keyId },
    keyClass: 'default',
    ownerClientId: 'alice',
    algorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
    keySize: 256,
    sealedKey: randomBytes(48),
    escrow: [
      { escrowKeyId: 'escrow-a', blob: randomBytes(40) },
      { escrowKeyId: 'escrow-b', blob: randomBytes(40) },
    ],
  };
}

describe('journal head per transaction (SQLite)', () => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = await makeSqliteHarness();
    await h.store.insertClient({ id: 'alice', certificateDer: randomBytes(64), subject: 'CN=alice' });
    await h.store.putKeyClass({
      name: 'default',
      keyUsePolicy: '<KeyUsePolicy/>',
      keyCachePolicy: '{}',
      requiresApproval: false,
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('reads and writes the head once for many rows and savepoints, and the journal stays whole', async () => {
    const journalRows = async () => Number((await h.raw.all('SELECT COUNT(*) AS n FROM row_journal'))[0]!.n);
    const before = await journalRows();
    const seen = recordStatements(h.store as SqlStore);
    const saved = await h.store.withTransaction(async (tx) => {
      await tx.allocateRequestId(SERVER);
      const first = await tx.withTransaction(async (inner) =>
        inner.saveKey(newKey(await inner.allocateKeyId(SERVER))),
      );
      await expect(
        tx.withTransaction(async (inner) => {
          await inner.saveKey(newKey(await inner.allocateKeyId(SERVER)));
          throw new Error('rolled back after its writes');
        }),
      ).rejects.toThrow('rolled back');
      const second = await tx.withTransaction(async (inner) =>
        inner.saveKey(newKey(await inner.allocateKeyId(SERVER))),
      );
      return [first.globalKeyId, second.globalKeyId];
    });
    const headWrites = seen.filter((s) => /^UPDATE journal_head/.test(s));
    const headReads = seen.filter((s) => /FROM journal_head/.test(s));
    const entries = seen.filter((s) => /^INSERT INTO row_journal/.test(s));
    expect(headWrites).toHaveLength(1);
    // This store wrote the head last and nothing changed it since: no read at all (§6.2).
    expect(headReads).toHaveLength(0);
    // Entries are inserted several per statement: before each savepoint that follows a write,
    // and before the head is written.
    expect(entries).toHaveLength(3);
    // 1 request sequence + 1 key sequence (one block serves all three keys)
    // + 2 keys (each with its 2 escrow blobs in its own row, spec/store.md §2); the third item's
    // rows and entries were rolled back.
    expect((await journalRows()) - before).toBe(4);
    expect(saved[1]?.keyId).toBeGreaterThan(saved[0]?.keyId ?? 0n);
    for (const id of saved) expect((await h.store.getKey(id))?.escrow).toHaveLength(2);
    const report = await h.store.verifyIntegrity();
    expect(report.problems).toEqual([]);
    expect(h.alarms).toEqual([]);
  });

  it('writes no head when a transaction writes no row', async () => {
    const seen = recordStatements(h.store as SqlStore);
    await h.store.withTransaction(async (tx) => tx.getClient('alice'));
    expect(seen.filter((s) => /journal_head/.test(s))).toEqual([]);
  });

  it('keeps the chain across separate transactions and a rolled-back one', async () => {
    await h.store.saveKey(newKey(await h.store.allocateKeyId(SERVER)));
    await expect(
      h.store.withTransaction(async (tx) => {
        await tx.saveKey(newKey(await tx.allocateKeyId(SERVER)));
        throw new Error('whole transaction fails');
      }),
    ).rejects.toThrow('whole transaction fails');
    const again = await h.store.allocateKeyId(SERVER);
    // The rolled-back transaction's KeyID came from a committed block: it is a gap, never reused.
    expect(again).toBe(3n);
    await h.store.saveKey(newKey(again));
    const report = await h.store.verifyIntegrity();
    expect(report.problems).toEqual([]);
    expect(h.alarms).toEqual([]);
  });
});
