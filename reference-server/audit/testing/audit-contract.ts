/**
 * The audit log contract, run against every back end: appending builds a verifiable chain, and
 * each kind of tampering through raw SQL is reported at the first bad entry with its reason.
 */
import { generateKeyPairSync, type KeyPairKeyObjectResult } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRsaSealer, createRsaVerifier } from '../../integrity/rsa-sealer.ts';
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import type { MakeStoreHarness, StoreHarness } from '../../store/testing/store-harness.ts';
import { IntegrityError } from '../../store/store-error.ts';
import type { AuditEvent } from '../audit-entry.ts';
import { AuditLog } from '../audit-log.ts';
import { verifyAuditLog } from '../verify-audit-log.ts';

const EVENTS: readonly AuditEvent[] = [
  {
    operation: 'SymkeyRequest',
    clientId: 'alice',
    globalKeyIds: ['10514-7-1'],
    outcome: 'success',
    errorCode: null,
  },
  {
    operation: 'SymkeyRequest',
    clientId: 'bob',
    globalKeyIds: ['10514-7-2', '10514-7-3'],
    outcome: 'partial',
    errorCode: 'SKS-NOT-AUTHORIZED',
  },
  {
    operation: 'KeyCachePolicyRequest',
    clientId: 'alice',
    globalKeyIds: [],
    outcome: 'success',
    errorCode: null,
  },
  {
    operation: 'SymkeyRequest',
    clientId: null,
    globalKeyIds: ['10514-0-0'],
    outcome: 'failure',
    errorCode: 'WSS_BAD_SIGNATURE',
  },
  {
    operation: 'SymkeyRequest',
    clientId: 'bob',
    globalKeyIds: ['10514-0-0'],
    outcome: 'pending',
    errorCode: null,
  },
];

let rsaPair: KeyPairKeyObjectResult | undefined;
const rsaKeys = (): KeyPairKeyObjectResult =>
  (rsaPair ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));

const ENTRY_COLUMNS = 'at, operation, client_id, global_key_ids, outcome, error_code, previous_hash, seal';

export function describeAuditContract(name: string, make: MakeStoreHarness): void {
  describe(`audit log: ${name}`, () => {
    let h: StoreHarness;
    let log: AuditLog;
    let alarms: IntegrityAlarm[];

    beforeEach(async () => {
      h = await make();
      alarms = [];
      log = new AuditLog({ store: h.store, sealer: h.sealer, onIntegrityAlarm: (a) => alarms.push(a) });
      for (const e of EVENTS) await log.append(e);
    });
    afterEach(async () => {
      await h.close();
    });

    const verify = (options?: Parameters<typeof verifyAuditLog>[2]) =>
      verifyAuditLog(h.store, h.sealer, options);

    it('verifies an intact chain and its checkpoint', async () => {
      const result = await verify();
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.count).toBe(5);
      const checkpoint = await h.store.audit.getCheckpoint();
      expect(checkpoint?.count).toBe(5);
      expect(Buffer.from(checkpoint!.headHash)).toEqual(Buffer.from(result.headHash));
      const entries = await h.store.audit.listEntries(0, 10);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(entries[1]).toMatchObject({
        clientId: 'bob',
        globalKeyIds: ['10514-7-2', '10514-7-3'],
        errorCode: 'SKS-NOT-AUTHORIZED',
      });
      expect(await verify({ pageSize: 2 })).toMatchObject({ ok: true, count: 5 });
    });

    it('appends inside a caller transaction and rolls back with it', async () => {
      await expect(
        h.store.withTransaction(async (tx) => {
          await log.append(EVENTS[0]!, tx);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      expect(await verify()).toMatchObject({ ok: true, count: 5 });
    });

    it('reports an edited entry', async () => {
      await h.raw.run("UPDATE audit_log SET outcome = 'success' WHERE seq = 4");
      expect(await verify()).toMatchObject({ ok: false, seq: 4, reason: 'bad-seal' });
    });

    it('reports a deleted entry', async () => {
      await h.raw.run('DELETE FROM audit_log WHERE seq = 2');
      expect(await verify()).toMatchObject({ ok: false, seq: 2, reason: 'missing-entry' });
    });

    it('reports reordered entries', async () => {
      const [second] = await h.raw.all(`SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE seq = 2`);
      const [fourth] = await h.raw.all(`SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE seq = 4`);
      const assign = ENTRY_COLUMNS.split(', ')
        .map((c) => `${c} = ?`)
        .join(', ');
      const values = (row: Record<string, unknown>) => ENTRY_COLUMNS.split(', ').map((c) => row[c] as string);
      await h.raw.run(`UPDATE audit_log SET ${assign} WHERE seq = 2`, values(fourth!));
      await h.raw.run(`UPDATE audit_log SET ${assign} WHERE seq = 4`, values(second!));
      expect(await verify()).toMatchObject({ ok: false, seq: 2, reason: 'bad-seal' });
    });

    it('reports an inserted entry', async () => {
      // Make room after entry 2 and insert a copy of entry 2 there.
      for (const seq of [5, 4, 3])
        await h.raw.run('UPDATE audit_log SET seq = ? WHERE seq = ?', [seq + 1, seq]);
      await h.raw.run(
        `INSERT INTO audit_log (seq, ${ENTRY_COLUMNS}) SELECT 3, ${ENTRY_COLUMNS} FROM audit_log WHERE seq = 2`,
      );
      expect(await verify()).toMatchObject({ ok: false, seq: 3, reason: 'bad-seal' });
    });

    it('reports a truncated tail against the checkpoint', async () => {
      await h.raw.run('DELETE FROM audit_log WHERE seq >= 4');
      expect(await verify()).toMatchObject({ ok: false, seq: 4, reason: 'truncated' });
    });

    it('reports a forged checkpoint', async () => {
      await h.raw.run('UPDATE audit_checkpoint SET count = 4');
      expect(await verify()).toMatchObject({ ok: false, seq: 4, reason: 'bad-checkpoint' });
      await h.raw.run('DELETE FROM audit_checkpoint');
      expect(await verify()).toMatchObject({ ok: false, reason: 'bad-checkpoint' });
    });

    it('catches a rollback of entries and checkpoint together with an external anchor', async () => {
      const anchor = await verify();
      expect(anchor.ok).toBe(true);
      if (!anchor.ok) return;
      const [oldCheckpoint] = await h.raw.all('SELECT count, head_hash, at, seal FROM audit_checkpoint');
      await log.append(EVENTS[0]!);
      await log.append(EVENTS[1]!);
      const later = await verify();
      // Roll back to the 5-entry state: the store alone cannot tell (the old state was genuine) ...
      await h.raw.run('DELETE FROM audit_log WHERE seq > 5');
      await h.raw.run('UPDATE audit_checkpoint SET count = ?, head_hash = ?, at = ?, seal = ?', [
        oldCheckpoint!.count as number,
        oldCheckpoint!.head_hash as Uint8Array,
        oldCheckpoint!.at as number,
        oldCheckpoint!.seal as Uint8Array,
      ]);
      expect(await verify()).toMatchObject({ ok: true, count: 5 });
      // ... but an anchor published at 7 entries can.
      if (!later.ok) throw new Error('expected a valid log');
      expect(await verify({ anchor: { count: later.count, headHash: later.headHash } })).toMatchObject({
        ok: false,
        seq: 6,
        reason: 'truncated',
      });
      expect(await verify({ anchor: { count: anchor.count, headHash: anchor.headHash } })).toMatchObject({
        ok: true,
      });
      expect(await verify({ anchor: { count: 5, headHash: later.headHash } })).toMatchObject({
        ok: false,
        seq: 5,
        reason: 'anchor-mismatch',
      });
    });

    it('refuses to append to a tampered chain and raises the alarm', async () => {
      await h.raw.run('DELETE FROM audit_log WHERE seq = 5');
      const error = await log.append(EVENTS[0]!).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IntegrityError);
      expect(alarms).toEqual([{ table: 'audit_log', primaryKey: '["5"]', reason: 'bad-journal' }]);
      expect((await h.store.audit.listEntries(0, 10)).length).toBe(4);
    });

    // The log skips the MAC checks only for the exact checkpoint and entry it wrote itself (it
    // wrote all five here); any change to them must still be caught by the next append.
    it.each([
      ['a checkpoint time moved', 'UPDATE audit_checkpoint SET at = at + 1', 'audit_checkpoint', 'bad-seal'],
      [
        'a checkpoint seal replaced',
        'UPDATE audit_checkpoint SET seal = (SELECT seal FROM audit_log WHERE seq = 1)',
        'audit_checkpoint',
        'bad-seal',
      ],
      [
        "the last entry's outcome edited",
        "UPDATE audit_log SET outcome = 'success' WHERE seq = 5",
        'audit_log',
        'bad-journal',
      ],
      [
        "the last entry's seal replaced",
        'UPDATE audit_log SET seal = (SELECT seal FROM audit_log WHERE seq = 4) WHERE seq = 5',
        'audit_log',
        'bad-journal',
      ],
    ])('refuses to append right after %s by this same log', async (_what, sql, table, reason) => {
      await h.raw.run(sql);
      await expect(log.append(EVENTS[0]!)).rejects.toBeInstanceOf(IntegrityError);
      expect(alarms).toMatchObject([{ table, reason }]);
    });

    it('verifies RSA-signed entries with the public key only', async () => {
      const keys = rsaKeys();
      const sealer = createRsaSealer({ keyId: 'audit-rsa-1', privateKey: keys.privateKey });
      const verifier = createRsaVerifier([{ keyId: 'audit-rsa-1', publicKey: keys.publicKey }]);
      await h.raw.run('DELETE FROM audit_log');
      await h.raw.run('DELETE FROM audit_checkpoint');
      const rsaLog = new AuditLog({ store: h.store, sealer });
      for (const e of EVENTS.slice(0, 3)) await rsaLog.append(e);
      expect(await verifyAuditLog(h.store, verifier)).toMatchObject({ ok: true, count: 3 });
      // The HMAC key cannot vouch for RSA-signed entries, nor the other way round.
      expect(await verifyAuditLog(h.store, h.sealer)).toMatchObject({
        ok: false,
        seq: 1,
        reason: 'bad-seal',
      });
      await h.raw.run("UPDATE audit_log SET client_id = 'mallory' WHERE seq = 3");
      expect(await verifyAuditLog(h.store, verifier)).toMatchObject({
        ok: false,
        seq: 3,
        reason: 'bad-seal',
      });
    });
  });
}
