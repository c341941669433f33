/**
 * What the store keeps in memory under the change guard (spec/store.md §6.2) returns exactly what
 * a read of the database would: a change committed by another connection (an admin tool, an
 * attacker with SQL access) or a rollback of this store's own work is seen on the next call.
 * Without the guard, each case below would return stale data, miss the tampering, or extend a
 * stale journal or audit chain (a duplicate sequence number, which the primary key refuses).
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log.ts';
import type { AuditEvent } from '../audit/audit-entry.ts';
import { verifyAuditLog } from '../audit/verify-audit-log.ts';
import { fingerprintOf } from './ops/clients.ts';
import type { SksStore } from './store.ts';
import { IntegrityError } from './store-error.ts';
import { makeSqliteHarness } from './testing/sqlite-harness.ts';
import type { StoreHarness } from './testing/store-harness.ts';
import { failNextCommit, watchStatements } from './testing/transaction-taps.ts';

/** Counts the statements the store runs on its own connection (reads and writes). */
function countStatements(store: SksStore): { count: (pattern: RegExp) => number } {
  const seen: string[] = [];
  watchStatements(store, (sql) => seen.push(sql), { snapshots: true });
  return { count: (pattern) => seen.filter((s) => pattern.test(s)).length };
}

const EVENT: AuditEvent = {
  operation: 'SymkeyRequest',
  clientId: 'alice',
  globalKeyIds: ['1-2-3'],
  outcome: 'success',
  errorCode: null,
};

describe('verified state kept in memory (SQLite)', () => {
  let h: StoreHarness;
  let cert: Uint8Array;
  let fingerprint: string;
  const opened: SksStore[] = [];

  beforeEach(async () => {
    h = await makeSqliteHarness();
    cert = randomBytes(64);
    fingerprint = fingerprintOf(cert);
    await h.store.insertClient({ id: 'alice', certificateDer: cert, subject: 'CN=alice' });
    await h.store.putKeyClass({
      name: 'default',
      keyUsePolicy: '<p/>',
      keyCachePolicy: '{}',
      requiresApproval: false,
    });
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await h.close();
  });

  async function admin(): Promise<SksStore> {
    const store = await h.reopen();
    opened.push(store);
    return store;
  }

  describe('hot reads (client by fingerprint, key class by name)', () => {
    it('answers a repeated read from memory, with copies', async () => {
      const statements = countStatements(h.store);
      const first = await h.store.getClientByFingerprint(fingerprint);
      first!.certificateDer.fill(0);
      const second = await h.store.getClientByFingerprint(fingerprint);
      expect(statements.count(/FROM clients/)).toBe(1);
      expect(Buffer.from(second!.certificateDer)).toEqual(Buffer.from(cert));
      await h.store.withTransaction((tx) => tx.getKeyClass('default'));
      await h.store.withTransaction((tx) => tx.getKeyClass('default'));
      expect(statements.count(/FROM key_classes/)).toBe(1);
    });

    it('honours a client deactivated through another connection between two reads', async () => {
      expect((await h.store.getClientByFingerprint(fingerprint))?.status).toBe('active');
      await (await admin()).setClientStatus('alice', 'deactivated');
      expect((await h.store.getClientByFingerprint(fingerprint))?.status).toBe('deactivated');
      await (await admin()).setClientStatus('alice', 'active');
      expect((await h.store.withTransaction((tx) => tx.getClientByFingerprint(fingerprint)))?.status).toBe(
        'active',
      );
    });

    it('sees a new key class policy written by another connection', async () => {
      await h.store.withTransaction((tx) => tx.getKeyClass('default'));
      await (
        await admin()
      ).putKeyClass({
        name: 'default',
        keyUsePolicy: '<changed/>',
        keyCachePolicy: '{}',
        requiresApproval: true,
      });
      const row = await h.store.withTransaction((tx) => tx.getKeyClass('default'));
      expect(row).toMatchObject({ keyUsePolicy: '<changed/>', requiresApproval: true });
    });

    it('raises the alarm for a row tampered with or replayed after it was cached', async () => {
      const [old] = await h.raw.all('SELECT status, updated_at, version, seal FROM clients');
      await h.store.getClientByFingerprint(fingerprint);
      await h.raw.run("UPDATE clients SET subject = 'CN=mallory'");
      await expect(h.store.getClientByFingerprint(fingerprint)).rejects.toBeInstanceOf(IntegrityError);
      expect(h.alarms.at(-1)).toMatchObject({ table: 'clients', reason: 'bad-seal' });
      await h.raw.run("UPDATE clients SET subject = 'CN=alice'");
      await h.store.setClientStatus('alice', 'deactivated');
      expect((await h.store.getClientByFingerprint(fingerprint))?.status).toBe('deactivated');
      await h.raw.run('UPDATE clients SET status = ?, updated_at = ?, version = ?, seal = ?', [
        old!.status as string,
        old!.updated_at as number,
        old!.version as number,
        old!.seal as Uint8Array,
      ]);
      await expect(h.store.getClientByFingerprint(fingerprint)).rejects.toBeInstanceOf(IntegrityError);
      expect(h.alarms.at(-1)).toMatchObject({ table: 'clients', reason: 'stale-version' });
    });

    it('reads its own writes, and forgets a write whose transaction failed', async () => {
      await h.store.getClient('alice');
      await expect(
        h.store.withTransaction(async (tx) => {
          await tx.getClient('alice');
          await tx.setClientStatus('alice', 'deactivated');
          expect((await tx.getClient('alice'))?.status).toBe('deactivated');
          throw new Error('request fails');
        }),
      ).rejects.toThrow('request fails');
      expect((await h.store.getClient('alice'))?.status).toBe('active');
      await h.store.setClientGroups('alice', ['ops']);
      expect((await h.store.getClientByFingerprint(fingerprint))?.groups).toEqual(['ops']);
    });

    it('never hands a reader outside the transaction a write that has not committed', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => (written = resolve));
      const failing = h.store.withTransaction(async (tx) => {
        await tx.setClientStatus('alice', 'deactivated');
        await tx.getClient('alice');
        written();
        await gate;
        throw new Error('fails after the write');
      });
      await wrote;
      const outside = h.store.getClient('alice');
      release();
      await expect(failing).rejects.toThrow('fails after the write');
      expect((await outside)?.status).toBe('active');
      expect((await h.store.getClient('alice'))?.status).toBe('active');
    });
  });

  describe('journal head', () => {
    it('is not read again while nothing else wrote, and is read again after another connection wrote', async () => {
      const other = await admin();
      const statements = countStatements(h.store);
      await h.store.insertClient({ id: 'bob', certificateDer: randomBytes(32), subject: 'CN=bob' });
      await h.store.setClientGroups('bob', ['a']);
      expect(statements.count(/FROM journal_head/)).toBe(0);
      for (let i = 0; i < 3; i++) {
        await other.setClientGroups('bob', [`o${i}`]);
        await h.store.setClientGroups('bob', [`m${i}`]);
      }
      expect(statements.count(/FROM journal_head/)).toBe(3);
      expect((await h.store.verifyIntegrity()).problems).toEqual([]);
      expect(h.alarms).toEqual([]);
    });

    it('is read again after a rolled-back transaction, and a forged head is refused', async () => {
      await expect(
        h.store.withTransaction(async (tx) => {
          await tx.setClientGroups('alice', ['x']);
          throw new Error('fails');
        }),
      ).rejects.toThrow('fails');
      await h.store.setClientGroups('alice', ['y']);
      expect((await h.store.verifyIntegrity()).problems).toEqual([]);
      await h.raw.run('UPDATE journal_head SET count = count + 1');
      await expect(h.store.setClientGroups('alice', ['z'])).rejects.toBeInstanceOf(IntegrityError);
      expect(h.alarms.at(-1)).toMatchObject({ table: 'journal_head', reason: 'bad-journal' });
    });
  });

  describe('audit head', () => {
    it('appends without reading the head back, and two writers keep one valid chain', async () => {
      const other = await admin();
      const mine = new AuditLog({ store: h.store, sealer: h.sealer });
      const theirs = new AuditLog({ store: other, sealer: h.sealer });
      const statements = countStatements(h.store);
      await mine.append(EVENT);
      await mine.append(EVENT);
      await mine.append(EVENT);
      expect(statements.count(/FROM audit_(log|checkpoint)/)).toBe(2);
      for (let i = 0; i < 3; i++) {
        await theirs.append(EVENT);
        await mine.append(EVENT);
      }
      expect(await verifyAuditLog(h.store, h.sealer)).toMatchObject({ ok: true, count: 9 });
    });

    it('forgets an append that rolled back, or whose COMMIT failed', async () => {
      const log = new AuditLog({ store: h.store, sealer: h.sealer });
      await log.append(EVENT);
      await expect(
        h.store.withTransaction(async (tx) => {
          await log.append(EVENT, tx);
          throw new Error('fails');
        }),
      ).rejects.toThrow('fails');
      failNextCommit(h.store);
      await expect(log.append(EVENT)).rejects.toThrow('COMMIT failed');
      await log.append(EVENT);
      expect(await verifyAuditLog(h.store, h.sealer)).toMatchObject({ ok: true, count: 2 });
    });

    it('refuses to extend a chain whose last entry was edited after it was appended', async () => {
      const alarms: unknown[] = [];
      const log = new AuditLog({ store: h.store, sealer: h.sealer, onIntegrityAlarm: (a) => alarms.push(a) });
      await log.append(EVENT);
      await log.append(EVENT);
      await h.raw.run("UPDATE audit_log SET outcome = 'failure' WHERE seq = 2");
      await expect(log.append(EVENT)).rejects.toBeInstanceOf(IntegrityError);
      expect(alarms).toHaveLength(1);
    });
  });
});
