/**
 * The journal head and the audit checkpoint are written once per COMMIT (spec/store.md §4, §6.1,
 * §8.1): a group-commit batch of many store transactions writes each once, yet leaves the database
 * byte for byte as if every transaction had committed on its own (checked against a store with
 * group commit off, whose every transaction writes its own heads).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.ts';
import { verifyAuditLog } from '../audit/verify-audit-log.ts';
import { createHash, createHmac } from 'node:crypto';
import { type CanonicalValue, encodeCanonical } from '../integrity/canonical-encoding.ts';
import { hashEntry } from '../integrity/hash-chain.ts';
import { encodeSeal } from '../integrity/seal-format.ts';
import { createHmacSealer } from '../integrity/hmac-sealer.ts';
import type { RecordSealer } from '../integrity/record-sealer.ts';
import { encodeJournalEntry, parseJournalRow } from './journal.ts';
import { openSqliteStore } from './open-store.ts';
import { normalizeColumn, ROW_LABEL } from './row-codec.ts';
import { KEY_ESCROW, KEYS, SEQUENCES } from './tables.ts';
import type { SqlDatabase, SqlExecutor } from './sql/sql-database.ts';
import type { StoreTransaction } from './store.ts';
import { watchStatements } from './testing/transaction-taps.ts';

const SERVER = 5n;
const KEY = new Uint8Array(32).fill(7);
const NOW = new Date('2026-01-02T03:04:05.678Z');
const TABLES = [
  'row_journal',
  'journal_head',
  'audit_log',
  'audit_checkpoint',
  'keys',
  'key_escrow',
  'sequences',
];

interface Item {
  readonly keys: number;
  readonly fail: boolean;
}
interface Tx {
  /** A plain database transaction (not the store's): it must find both heads written. */
  readonly raw: boolean;
  readonly items: readonly Item[];
  readonly audit: boolean;
  readonly fail: boolean;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(
  groupCommit: boolean,
  sealer: RecordSealer = createHmacSealer({ keyId: 'k', key: KEY }),
) {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-batch-heads-'));
  dirs.push(dir);
  const store = await openSqliteStore({
    path: join(dir, 'store.db'),
    sealer,
    now: () => NOW,
    groupCommit,
    // One value per row update: the KeyIDs are then the same whether or not transactions share a COMMIT.
    sequenceBlockSize: 1,
  });
  await store.insertClient({ id: 'alice', certificateDer: new Uint8Array([1, 2, 3]), subject: 'CN=alice' });
  await store.putKeyClass({
    name: 'default',
    keyUsePolicy: '<p/>',
    keyCachePolicy: '{}',
    requiresApproval: false,
  });
  const audit = new AuditLog({ store, sealer, now: () => NOW });
  return { store, audit, sealer };
}

type Opened = Awaited<ReturnType<typeof openStore>>;

async function saveKeys(tx: StoreTransaction, count: number, tag: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const keyId = await tx.allocateKeyId(SERVER);
    await tx.saveKey({
      globalKeyId: { domainId: 1n, serverId: SERVER, keyId },
      keyClass: 'default',
      ownerClientId: 'alice',
      algorithm: 'aes',
      keySize: 128,
      sealedKey: new Uint8Array([tag, i, 1]),
      escrow: [{ escrowKeyId: 'e1', blob: new Uint8Array([tag, i, 2]) }],
    });
  }
}

/** Both heads as stored, checked against the last journal entry and the last audit entry. */
async function headsMatchChains(tx: SqlExecutor): Promise<boolean> {
  const [head] = await tx.all('SELECT count, head_hash FROM journal_head');
  const [last] = await tx.all(
    'SELECT seq, table_name, pk, version, row_digest, previous_hash, seal FROM row_journal ORDER BY seq DESC LIMIT 1',
  );
  const entry = last && parseJournalRow(last);
  const journalOk =
    head !== undefined &&
    entry !== undefined &&
    Number(head.count) === entry.seq &&
    Buffer.from(head.head_hash as Uint8Array).equals(hashEntry(encodeJournalEntry(entry)));
  const [checkpoint] = await tx.all('SELECT count FROM audit_checkpoint');
  const [top] = await tx.all('SELECT MAX(seq) AS seq FROM audit_log');
  const auditOk = Number(checkpoint?.count ?? 0) === Number(top?.seq ?? 0);
  return journalOk && auditOk;
}

function run(s: Opened, t: Tx, tag: number): Promise<unknown> {
  if (t.raw) return s.store.database.transaction((tx) => headsMatchChains(tx));
  return s.store.withTransaction(async (tx) => {
    for (const [n, item] of t.items.entries()) {
      await tx
        .withTransaction(async (inner) => {
          await saveKeys(inner, item.keys, tag * 10 + n);
          if (item.fail) throw new Error('item fails');
        })
        .catch(() => undefined);
    }
    if (t.audit)
      await s.audit.append(
        {
          operation: 'SymkeyRequest',
          clientId: 'alice',
          globalKeyIds: [`t${tag}`],
          outcome: 'success',
          errorCode: null,
        },
        tx,
      );
    if (t.fail) throw new Error('transaction fails');
    return tag;
  });
}

async function dump(db: SqlDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await db.all(`SELECT * FROM ${table} ORDER BY 1, 2, 3`);
  return out;
}

/**
 * Checks every seal (and row digest) in `rows` against the value trees that define the encodings
 * (spec/store.md §3), encoded by encodeCanonical and sealed with createHmac: the stored bytes are
 * those of the plain definitions, however the store builds them.
 */
function expectSealsOfValueTrees(rows: Record<string, unknown[]>): void {
  const seal = (tree: CanonicalValue) =>
    Buffer.from(
      encodeSeal({
        algorithm: 'hmac-sha256',
        keyId: 'k',
        value: createHmac('sha256', KEY).update(encodeCanonical(tree)).digest(),
      }),
    ).toString('hex');
  const hex = (v: unknown) => Buffer.from(v as Uint8Array).toString('hex');
  const digests = new Map<string, string>();
  for (const spec of [KEYS, KEY_ESCROW, SEQUENCES]) {
    for (const raw of rows[spec.name] as Record<string, unknown>[]) {
      const values = Object.fromEntries(spec.columns.map((c) => [c.name, normalizeColumn(c, raw[c.name])]));
      const tree: CanonicalValue = [
        ROW_LABEL,
        spec.name,
        spec.primaryKey.map((name) => values[name] ?? null),
        Number(raw.version),
        spec.columns
          .filter((c) => c.omitWhenNull !== true || (values[c.name] ?? null) !== null)
          .map((c) => [c.name, values[c.name] ?? null]),
      ];
      expect(hex(raw.seal)).toBe(seal(tree));
      const pk = JSON.stringify(spec.primaryKey.map((name) => String(values[name])));
      digests.set(
        `${spec.name} ${pk} ${String(raw.version)}`,
        createHash('sha256').update(encodeCanonical(tree)).digest('hex'),
      );
    }
  }
  for (const e of rows.row_journal as Record<string, unknown>[]) {
    const tree: CanonicalValue = [
      'sksml-store-journal/1',
      Number(e.seq),
      e.table_name as string,
      e.pk as string,
      Number(e.version),
      e.row_digest as Uint8Array,
      e.previous_hash as Uint8Array,
    ];
    expect(hex(e.seal)).toBe(seal(tree));
    const digest = digests.get(`${String(e.table_name)} ${String(e.pk)} ${String(e.version)}`);
    if (digest !== undefined) expect(hex(e.row_digest)).toBe(digest);
  }
  for (const h of rows.journal_head as Record<string, unknown>[])
    expect(hex(h.seal)).toBe(
      seal(['sksml-store-journal-head/1', Number(h.count), h.head_hash as Uint8Array, Number(h.updated_at)]),
    );
  for (const a of rows.audit_log as Record<string, unknown>[])
    expect(hex(a.seal)).toBe(
      seal([
        'sksml-audit-entry/1',
        Number(a.seq),
        Number(a.at),
        a.operation as string,
        a.client_id as string | null,
        JSON.parse(a.global_key_ids as string) as string[],
        a.outcome as string,
        a.error_code as string | null,
        a.previous_hash as Uint8Array,
      ]),
    );
  for (const c of rows.audit_checkpoint as Record<string, unknown>[])
    expect(hex(c.seal)).toBe(
      seal(['sksml-audit-checkpoint/1', Number(c.count), c.head_hash as Uint8Array, Number(c.at)]),
    );
}

const itemArb = fc.record({ keys: fc.integer({ min: 0, max: 2 }), fail: fc.boolean() });
const txArb: fc.Arbitrary<Tx> = fc.record({
  raw: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  items: fc.array(itemArb, { maxLength: 3 }),
  audit: fc.boolean(),
  fail: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});

describe('heads written once per COMMIT (SQLite group commit)', () => {
  it('leaves exactly the rows of one COMMIT per transaction (property, against group commit off and eager savepoints)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(txArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        async (rounds) => {
          const grouped = await openStore(true);
          const alone = await openStore(false);
          // The reference: no group commit, and one SAVEPOINT statement per nested transaction.
          // As before savepoints were opened lazily: each nested transaction opens one at once.
          watchStatements(alone.store, () => undefined);
          try {
            let tag = 0;
            for (const round of rounds) {
              const tags = round.map(() => ++tag);
              // One batch: every transaction of the round is queued before the batch starts.
              const together = await Promise.allSettled(round.map((t, i) => run(grouped, t, tags[i]!)));
              const oneByOne: PromiseSettledResult<unknown>[] = [];
              for (const [i, t] of round.entries()) {
                try {
                  oneByOne.push({ status: 'fulfilled', value: await run(alone, t, tags[i]!) });
                } catch (reason) {
                  oneByOne.push({ status: 'rejected', reason });
                }
              }
              expect(together.map((r) => r.status)).toEqual(oneByOne.map((r) => r.status));
              // A plain transaction inside a batch finds both heads naming the last entries.
              for (const [i, t] of round.entries())
                if (t.raw) expect(together[i]).toEqual({ status: 'fulfilled', value: true });
              const rows = await dump(grouped.store.database);
              expect(rows).toEqual(await dump(alone.store.database));
              expectSealsOfValueTrees(rows);
            }
            expect((await grouped.store.verifyIntegrity()).problems).toEqual([]);
            expect(await verifyAuditLog(grouped.store, grouped.sealer)).toMatchObject({ ok: true });
          } finally {
            await grouped.store.close();
            await alone.store.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('writes each head once for a batch of many transactions', async () => {
    const s = await openStore(true);
    try {
      const counts = { journal: 0, audit: 0 };
      watchStatements(s.store, (sql) => {
        if (sql.startsWith('UPDATE journal_head')) counts.journal += 1;
        if (sql.startsWith('UPDATE audit_checkpoint')) counts.audit += 1;
      });
      const txs: Tx[] = Array.from({ length: 6 }, (_, i) => ({
        raw: false,
        items: [{ keys: 1, fail: i === 2 }],
        audit: true,
        fail: i === 4,
      }));
      const outcomes = await Promise.allSettled(txs.map((t, i) => run(s, t, i + 1)));
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
      expect(counts).toEqual({ journal: 1, audit: 1 });
      expect(
        await headsMatchChains({
          dialect: 'sqlite',
          all: (q) => s.store.database.all(q),
          run: () => Promise.resolve(0),
        }),
      ).toBe(true);
      expect(await verifyAuditLog(s.store, s.sealer)).toMatchObject({ ok: true, count: 5 });
      expect((await s.store.verifyIntegrity()).problems).toEqual([]);
    } finally {
      await s.store.close();
    }
  });

  it('fails the whole batch when its heads cannot be written, and the next batch starts from the stored heads', async () => {
    const real = createHmacSealer({ keyId: 'k', key: KEY });
    let failHeadSeal = false;
    const label = Buffer.from('sksml-store-journal-head/1');
    const sealer: RecordSealer = {
      ...real,
      seal(data) {
        const isHead = Buffer.from(data).includes(label);
        if (failHeadSeal && isHead) return Promise.reject(new Error('HSM unavailable'));
        return real.seal(data);
      },
    };
    const s = await openStore(true, sealer);
    const alarms: unknown[] = [];
    try {
      await run(s, { raw: false, items: [{ keys: 1, fail: false }], audit: true, fail: false }, 1);
      failHeadSeal = true;
      const t: Tx = { raw: false, items: [{ keys: 2, fail: false }], audit: true, fail: false };
      const outcomes = await Promise.allSettled([run(s, t, 2), run(s, t, 3)]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      failHeadSeal = false;
      await Promise.all([run(s, t, 4), run(s, t, 5)]);
      expect(alarms).toEqual([]);
      expect((await s.store.verifyIntegrity()).problems).toEqual([]);
      // Entries 1 (seed batch), then the two of the last batch: the failed batch left nothing.
      expect(await verifyAuditLog(s.store, s.sealer)).toMatchObject({ ok: true, count: 3 });
      expect(Number((await s.store.database.all('SELECT COUNT(*) AS n FROM keys'))[0]!.n)).toBe(5);
    } finally {
      await s.store.close();
    }
  });

  it('lets only the appender continue from its pending checkpoint; other audit calls see it written', async () => {
    const s = await openStore(true);
    try {
      const event = {
        operation: 'SymkeyRequest',
        clientId: 'alice',
        globalKeyIds: [],
        outcome: 'success',
        errorCode: null,
      } as const;
      const seen = await s.store.withTransaction(async (tx) => {
        await s.audit.append(event, tx);
        expect(tx.audit.pendingCheckpoint()?.count).toBe(1);
        // A raw read of the checkpoint gets it written first, exactly as without deferral.
        const checkpoint = await tx.audit.getCheckpoint();
        expect(tx.audit.pendingCheckpoint()).toBeUndefined();
        await s.audit.append(event, tx);
        return checkpoint;
      });
      expect(seen?.count).toBe(1);
      // Another log with another key finds a checkpoint it cannot verify, in the same batch too.
      const other = new AuditLog({
        store: s.store,
        sealer: createHmacSealer({ keyId: 'k', key: new Uint8Array(32).fill(9) }),
      });
      const outcomes = await Promise.allSettled([s.audit.append(event), other.append(event)]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
      expect(await verifyAuditLog(s.store, s.sealer)).toMatchObject({ ok: true, count: 3 });
    } finally {
      await s.store.close();
    }
  });
});
