/**
 * The store contract: one suite run against every back end (describeStoreContract). It covers
 * the records, sequences, transactions, migrations, and the integrity guarantees: rows tampered
 * with through raw SQL are refused with IntegrityError and raise the alarm.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ID_PART } from '../../../protocol/model/identifiers.ts';
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import { fingerprintOf } from '../ops/clients.ts';
import type { SksStore } from '../store.ts';
import { IntegrityError, StoreError } from '../store-error.ts';
import { DOMAIN, SERVER, expectIntegrityError, gkid, newKey, seed } from './contract-fixtures.ts';
import { describeEscrowInKeyRow } from './escrow-contract.ts';
import { writeLegacyKeys } from './legacy-keys.ts';
import { type MakeStoreHarness, type StoreHarness, testSealer } from './store-harness.ts';

async function expectStoreError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
}

function lastAlarm(h: StoreHarness): IntegrityAlarm | undefined {
  return h.alarms[h.alarms.length - 1];
}

export function describeStoreContract(name: string, make: MakeStoreHarness): void {
  describe(`store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: SksStore;

    beforeEach(async () => {
      h = await make();
      store = h.store;
      await seed(store);
    });
    afterEach(async () => {
      await h.close();
    });

    describe('records', () => {
      it('stores clients with their fingerprint, status and sorted groups', async () => {
        const cert = randomBytes(80);
        const inserted = await store.insertClient({
          id: 'carol',
          certificateDer: cert,
          subject: 'CN=carol',
          groups: ['z', 'a', 'z'],
        });
        expect(inserted.fingerprintSha256).toBe(fingerprintOf(cert));
        const read = await store.getClient('carol');
        expect(read).toEqual(inserted);
        expect(read?.groups).toEqual(['a', 'z']);
        expect(read?.status).toBe('active');
        expect(await store.getClientByFingerprint(fingerprintOf(cert).toUpperCase())).toEqual(inserted);
        expect(await store.getClient('nobody')).toBeUndefined();
        const off = await store.setClientStatus('carol', 'deactivated');
        expect(off.version).toBe(2);
        expect((await store.getClient('carol'))?.status).toBe('deactivated');
        expect((await store.setClientGroups('carol', ['b'])).groups).toEqual(['b']);
      });

      it('refuses a second client with the same id or certificate', async () => {
        const cert = randomBytes(70);
        await store.insertClient({ id: 'dave', certificateDer: cert, subject: 'CN=dave' });
        await expectStoreError(
          store.insertClient({ id: 'dave', certificateDer: randomBytes(70), subject: 'CN=x' }),
          'STORE_CONFLICT',
        );
        await expectStoreError(
          store.insertClient({ id: 'dave2', certificateDer: cert, subject: 'CN=x' }),
          'STORE_CONFLICT',
        );
        await expectStoreError(store.setClientStatus('nobody', 'active'), 'STORE_NOT_FOUND');
      });

      it('inserts and replaces key classes, keeping the creation time', async () => {
        const first = await store.putKeyClass({
          name: 'hr',
          keyUsePolicy: 'a',
          keyCachePolicy: 'b',
          requiresApproval: true,
        });
        const second = await store.putKeyClass({
          name: 'hr',
          keyUsePolicy: 'c',
          keyCachePolicy: 'd',
          requiresApproval: false,
        });
        expect(second.version).toBe(first.version + 1);
        expect(second.createdAt).toEqual(first.createdAt);
        expect(await store.getKeyClass('hr')).toEqual(second);
        expect((await store.listKeyClasses()).map((k) => k.name)).toEqual(['default', 'hr']);
        await expectStoreError(
          store.putKeyClass({ name: ' ', keyUsePolicy: '', keyCachePolicy: '', requiresApproval: false }),
          'STORE_INVALID_VALUE',
        );
      });

      it('round-trips keys with escrow blobs and 64-bit identifier parts', async () => {
        const id = gkid(MAX_ID_PART, MAX_ID_PART, MAX_ID_PART);
        const saved = await store.saveKey(
          newKey(0n, {
            globalKeyId: id,
            escrow: [
              { escrowKeyId: 'escrow-b', blob: randomBytes(20) },
              { escrowKeyId: 'escrow-a', blob: randomBytes(20) },
            ],
          }),
        );
        const read = await store.getKey(id);
        expect(read?.globalKeyId).toEqual(id);
        expect(Buffer.from(read!.sealedKey)).toEqual(Buffer.from(saved.sealedKey));
        expect(read?.escrow.map((e) => e.escrowKeyId)).toEqual(['escrow-a', 'escrow-b']);
        expect(await store.getKey(gkid(12345n))).toBeUndefined();
      });

      it('refuses the new-key sentinel, duplicates and unknown references', async () => {
        await expectStoreError(store.saveKey(newKey(0n)), 'STORE_INVALID_VALUE');
        await store.saveKey(newKey(1n));
        await expectStoreError(store.saveKey(newKey(1n)), 'STORE_CONFLICT');
        await expectStoreError(store.saveKey(newKey(2n, { keyClass: 'unknown' })), 'STORE_NOT_FOUND');
        await expectStoreError(store.saveKey(newKey(3n, { ownerClientId: 'nobody' })), 'STORE_NOT_FOUND');
      });

      it('walks requests through their lifecycle with compare-and-set', async () => {
        const requestId = { domainId: DOMAIN, serverId: SERVER, requestId: 9n };
        const pending = await store.insertRequest({
          requestId,
          clientId: 'alice',
          requestedGlobalKeyId: gkid(0n, 0n),
          keyClass: 'default',
          checkIntervalSeconds: 60,
        });
        expect(pending.status).toBe('pending');
        expect(pending.resultKeyId).toBeNull();
        await expectStoreError(
          store.updateRequestStatus(requestId, { from: 'approved', to: 'delivered', resultKeyId: gkid(1n) }),
          'STORE_INVALID_TRANSITION',
        );
        await expectStoreError(
          store.updateRequestStatus(requestId, { from: 'pending', to: 'delivered' }),
          'STORE_INVALID_VALUE',
        );
        const approved = await store.updateRequestStatus(requestId, {
          from: 'pending',
          to: 'approved',
          resultKeyId: gkid(5n),
        });
        expect(approved.resultKeyId).toEqual(gkid(5n));
        const delivered = await store.updateRequestStatus(requestId, { from: 'approved', to: 'delivered' });
        expect(delivered.status).toBe('delivered');
        expect(delivered.version).toBe(3);
        expect(await store.getRequest(requestId)).toEqual(delivered);
        await expectStoreError(
          store.updateRequestStatus(requestId, { from: 'delivered', to: 'denied' }),
          'STORE_INVALID_TRANSITION',
        );
        await expectStoreError(
          store.insertRequest({
            ...pending,
            requestId: { ...requestId, requestId: 10n },
            checkIntervalSeconds: 59,
          }),
          'STORE_INVALID_VALUE',
        );
      });
    });

    describe('sequences', () => {
      it('allocates 1, 2, 3 ... per server and per kind', async () => {
        expect(await store.allocateKeyId(1n)).toBe(1n);
        expect(await store.allocateKeyId(1n)).toBe(2n);
        expect(await store.allocateKeyId(2n)).toBe(1n);
        expect(await store.allocateRequestId(1n)).toBe(1n);
        expect(await store.allocateKeyId(1n)).toBe(3n);
        await expectStoreError(store.allocateKeyId(0n), 'STORE_INVALID_VALUE');
      });

      it('never hands out the same value to concurrent callers', async () => {
        const ids = await Promise.all(Array.from({ length: 16 }, () => store.allocateRequestId(3n)));
        expect(new Set(ids.map(String)).size).toBe(16);
        expect([...ids].sort((a, b) => Number(a - b))).toEqual(
          Array.from({ length: 16 }, (_, i) => BigInt(i + 1)),
        );
      });
    });

    describe('transactions', () => {
      it('rolls back every change when the function throws', async () => {
        const boom = new Error('boom');
        await expect(
          store.withTransaction(async (tx) => {
            await tx.insertClient({ id: 'erin', certificateDer: randomBytes(30), subject: 'CN=erin' });
            await tx.allocateKeyId(4n);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.getClient('erin')).toBeUndefined();
        expect(await store.allocateKeyId(4n)).toBe(1n);
        expect((await store.verifyIntegrity()).ok).toBe(true);
      });

      it('reads concurrent with writes never see a row without its journal entry', async () => {
        const work = Array.from({ length: 12 }, (_, i) =>
          i % 2 === 0 ? store.setClientGroups('bob', [`g${i}`]) : store.getClient('bob'),
        );
        await Promise.all(work);
        expect(h.alarms).toEqual([]);
        expect((await store.getClient('bob'))?.version).toBe(7);
      });

      it('commits together, and nested transactions join the outer one', async () => {
        const key = await store.withTransaction(async (tx) => {
          const keyId = await tx.allocateKeyId(SERVER);
          return tx.withTransaction((inner) => inner.saveKey(newKey(keyId)));
        });
        expect((await store.getKey(key.globalKeyId))?.keyClass).toBe('default');
      });

      it('rolls back only a nested transaction that fails, journal and sequence included', async () => {
        const kept = await store.withTransaction(async (tx) => {
          const first = await tx.saveKey(newKey(await tx.allocateKeyId(SERVER)));
          await expect(
            tx.withTransaction(async (inner) => {
              await inner.saveKey(newKey(await inner.allocateKeyId(SERVER)));
              throw new Error('this item fails after its writes');
            }),
          ).rejects.toThrow('this item fails');
          // A failure inside the database (a duplicate key) is contained the same way.
          await expect(
            tx.withTransaction((inner) => inner.saveKey(newKey(first.globalKeyId.keyId))),
          ).rejects.toThrow();
          const second = await tx.saveKey(newKey(await tx.allocateKeyId(SERVER)));
          return [first.globalKeyId.keyId, second.globalKeyId.keyId];
        });
        // The failed nested item's key is gone; its KeyID came from a block reserved outside the
        // savepoint, so it stays used (a gap): IDs are unique, not dense (spec/store.md §2).
        expect(kept[1]).toBeGreaterThan(kept[0] ?? 0n);
        for (const keyId of kept) expect(await store.getKey(gkid(keyId))).toBeDefined();
        for (let k = (kept[0] ?? 0n) + 1n; k < (kept[1] ?? 0n); k++)
          expect(await store.getKey(gkid(k))).toBeUndefined();
        const report = await store.verifyIntegrity();
        expect(report.problems).toEqual([]);
        expect(h.alarms).toEqual([]);
      });
    });

    describe('migrations', () => {
      it('records the schema version and re-running is a no-op', async () => {
        const rows = await h.raw.all('SELECT version, name FROM schema_version');
        expect(rows.map((r) => Number(r.version))).toEqual([1, 2]);
        const again = await h.reopen();
        expect(await again.getClient('alice')).toBeDefined();
        await again.close();
        expect((await h.raw.all('SELECT version FROM schema_version')).length).toBe(2);
      });

      it('refuses a database whose schema is newer than the code', async () => {
        await h.raw.run("INSERT INTO schema_version (version, name, applied_at) VALUES (3, 'future', 0)");
        await expectStoreError(h.reopen(), 'STORE_MIGRATION');
      });

      it('refuses to open with the wrong sealing key', async () => {
        await expectIntegrityError(h.reopen(testSealer()));
        expect(lastAlarm(h)).toMatchObject({ table: 'journal_head', reason: 'bad-journal' });
      });
    });

    describe('integrity', () => {
      it('verifies a clean store', async () => {
        await store.saveKey(newKey(1n, { escrow: [{ escrowKeyId: 'e', blob: randomBytes(8) }] }));
        const report = await store.verifyIntegrity();
        expect(report).toMatchObject({ ok: true, problems: [] });
        // 2 clients, 1 key class, 1 key (its escrow blob in its own row).
        expect(report.rowsChecked).toBe(4);
        expect(h.alarms).toEqual([]);
      });

      it('refuses a row whose column was changed', async () => {
        expect(await h.raw.run("UPDATE clients SET subject = 'CN=mallory' WHERE id = 'alice'")).toBe(1);
        const error = await expectIntegrityError(store.getClient('alice'));
        expect(error.alarm).toEqual({ table: 'clients', primaryKey: '["alice"]', reason: 'bad-seal' });
        expect(lastAlarm(h)).toEqual(error.alarm);
        expect(error.message).not.toContain('mallory');
        await expectIntegrityError(store.getClientByFingerprint((await fingerprintRow(h, 'alice')) ?? ''));
      });

      it('refuses keys whose material was swapped between rows', async () => {
        await store.saveKey(newKey(1n));
        await store.saveKey(newKey(2n));
        const [a, b] = await h.raw.all('SELECT sealed_key, seal FROM keys ORDER BY key_id');
        await h.raw.run('UPDATE keys SET sealed_key = ? WHERE key_id = ?', [
          b!.sealed_key as Uint8Array,
          '1',
        ]);
        await h.raw.run('UPDATE keys SET sealed_key = ? WHERE key_id = ?', [
          a!.sealed_key as Uint8Array,
          '2',
        ]);
        for (const keyId of [1n, 2n]) {
          const error = await expectIntegrityError(store.getKey(gkid(keyId)));
          expect(error.alarm).toEqual({
            table: 'keys',
            primaryKey: JSON.stringify(['10514', '7', String(keyId)]),
            reason: 'bad-seal',
          });
        }
        // Moving the seal along with the material does not help: the seal binds the primary key.
        await h.raw.run('UPDATE keys SET seal = ? WHERE key_id = ?', [b!.seal as Uint8Array, '1']);
        await expectIntegrityError(store.getKey(gkid(1n)));
        expect(h.alarms.length).toBe(3);
      });

      it('refuses a row deleted and re-inserted under another primary key', async () => {
        await store.saveKey(newKey(1n));
        const [row] = await h.raw.all('SELECT * FROM keys WHERE key_id = ?', ['1']);
        await h.raw.run('DELETE FROM keys WHERE key_id = ?', ['1']);
        const columns = Object.keys(row!);
        await h.raw.run(
          `INSERT INTO keys (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((c) => (c === 'key_id' ? '99' : (row![c] as string))),
        );
        expect(await store.getKey(gkid(1n))).toBeUndefined();
        const error = await expectIntegrityError(store.getKey(gkid(99n)));
        expect(error.alarm.reason).toBe('bad-seal');
        const report = await store.verifyIntegrity();
        expect(report.ok).toBe(false);
        expect(report.problems).toEqual(
          expect.arrayContaining([
            { table: 'keys', primaryKey: '["10514","7","99"]', reason: 'bad-seal' },
            { table: 'keys', primaryKey: '["10514","7","1"]', reason: 'missing-row' },
          ]),
        );
      });

      it('refuses a replayed old version of a row', async () => {
        const [old] = await h.raw.all('SELECT status, updated_at, version, seal FROM clients WHERE id = ?', [
          'alice',
        ]);
        await store.setClientStatus('alice', 'deactivated');
        await h.raw.run('UPDATE clients SET status = ?, updated_at = ?, version = ?, seal = ? WHERE id = ?', [
          old!.status as string,
          old!.updated_at as number,
          old!.version as number,
          old!.seal as Uint8Array,
          'alice',
        ]);
        const error = await expectIntegrityError(store.getClient('alice'));
        expect(error.alarm).toEqual({ table: 'clients', primaryKey: '["alice"]', reason: 'stale-version' });
        // Deleting the newer journal entry as well passes the row check but breaks the chain.
        await h.raw.run(
          'DELETE FROM row_journal WHERE seq = (SELECT MAX(seq) FROM row_journal WHERE pk = ?)',
          ['["alice"]'],
        );
        expect((await store.getClient('alice'))?.status).toBe('active');
        const report = await store.verifyIntegrity();
        expect(report.ok).toBe(false);
        expect(report.problems.map((p) => p.table)).toContain('journal_head');
      });

      it('refuses a replayed sequence row, so IDs are never handed out twice', async () => {
        const keyRow = async () =>
          (await h.raw.all("SELECT last_value, version, seal FROM sequences WHERE name = 'key'"))[0];
        await store.allocateKeyId(SERVER);
        const old = await keyRow();
        // Allocate until the store reserves its next block (the row's version moves on).
        for (let i = 0; i < 1000 && (await keyRow())!.version === old!.version; i++)
          await store.allocateKeyId(SERVER);
        expect((await keyRow())!.version).not.toBe(old!.version);
        await h.raw.run("UPDATE sequences SET last_value = ?, version = ?, seal = ? WHERE name = 'key'", [
          old!.last_value as string,
          old!.version as number,
          old!.seal as Uint8Array,
        ]);
        // At the latest when the block in memory is used up, the store reads the row again.
        let error: unknown;
        for (let i = 0; i < 1000 && error === undefined; i++)
          error = await store.allocateKeyId(SERVER).then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(IntegrityError);
        expect((error as IntegrityError).alarm).toMatchObject({
          table: 'sequences',
          reason: 'stale-version',
        });
      });

      it('refuses a key written before migration 2 whose escrow row was deleted', async () => {
        await writeLegacyKeys(h.raw, h.sealer, [
          newKey(1n, { escrow: [{ escrowKeyId: 'e1', blob: randomBytes(8) }] }),
        ]);
        expect((await store.getKey(gkid(1n)))?.escrow.length).toBe(1);
        await h.raw.run('DELETE FROM key_escrow');
        const error = await expectIntegrityError(store.getKey(gkid(1n)));
        expect(error.alarm).toMatchObject({ table: 'key_escrow', reason: 'missing-row' });
      });

      it('refuses a forged journal head', async () => {
        await h.raw.run('UPDATE journal_head SET count = count + 1');
        await expectIntegrityError(
          store.putKeyClass({ name: 'x', keyUsePolicy: '', keyCachePolicy: '', requiresApproval: false }),
        );
        expect(lastAlarm(h)).toMatchObject({ table: 'journal_head', reason: 'bad-journal' });
        expect(await store.getKeyClass('x')).toBeUndefined();
      });

      it('still refuses when the alarm handler throws', async () => {
        const other = await h.reopen();
        await h.raw.run("UPDATE key_classes SET key_use_policy = 'tampered'");
        h.alarms.push = () => {
          throw new Error('alarm sink down');
        };
        await expectIntegrityError(other.getKeyClass('default'));
        await other.close();
      });
    });

    describeEscrowInKeyRow(make, () => h);
  });
}

async function fingerprintRow(h: StoreHarness, id: string): Promise<string | undefined> {
  const [row] = await h.raw.all('SELECT fingerprint FROM clients WHERE id = ?', [id]);
  return row?.fingerprint as string | undefined;
}
