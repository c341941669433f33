/**
 * Store contract, escrow storage (spec/store.md §2): a key written since migration 2 keeps its
 * escrow blobs in its own row (`keys.escrow_blobs`), so it writes one row and one journal entry;
 * a key written before keeps its `key_escrow` rows and stays readable and verified. Tampering with
 * either form raises the integrity alarm.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeEscrowBlobs, encodeEscrowBlobs } from '../ops/escrow-blobs.ts';
import type { EscrowBlob, KeyRecord, NewKey } from '../records.ts';
import { normalizeColumn, type RowValues } from '../row-codec.ts';
import { SealedRows } from '../sealed-rows.ts';
import { createStoreContext } from '../store-context.ts';
import { KEYS } from '../tables.ts';
import { expectIntegrityError, gkid, newKey, seed } from './contract-fixtures.ts';
import { writeLegacyKeys } from './legacy-keys.ts';
import { encodeRowV1, KEY_ESCROW_V1, KEYS_V1 } from './schema-v1.ts';
import type { MakeStoreHarness, StoreHarness } from './store-harness.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Two ~620-byte blobs (the size of an escrow format 2 blob), given out of order. */
function twoBlobs(): EscrowBlob[] {
  return [
    { escrowKeyId: 'escrow-officer-2', blob: randomBytes(620) },
    { escrowKeyId: 'escrow-officer-1', blob: randomBytes(620) },
  ];
}

/** A key record as comparable data, without what differs between two saves of the same key. */
function contentOf(k: KeyRecord | undefined) {
  expect(k).toBeDefined();
  return {
    keys: Object.keys(k!),
    keyClass: k!.keyClass,
    ownerClientId: k!.ownerClientId,
    algorithm: k!.algorithm,
    keySize: k!.keySize,
    sealedKey: hex(k!.sealedKey),
    escrow: k!.escrow.map((e) => [e.escrowKeyId, hex(e.blob)]),
  };
}

function sortedEscrow(key: NewKey): [string, string][] {
  return [...(key.escrow ?? [])]
    .sort((a, b) => (a.escrowKeyId < b.escrowKeyId ? -1 : 1))
    .map((e) => [e.escrowKeyId, hex(e.blob)]);
}

async function count(h: StoreHarness, sql: string, params: string[] = []): Promise<number> {
  const [row] = await h.raw.all(sql, params);
  return Number(row?.n);
}

async function escrowBlobsOf(h: StoreHarness, keyId: bigint): Promise<Uint8Array | null> {
  const [row] = await h.raw.all('SELECT escrow_blobs FROM keys WHERE key_id = ?', [String(keyId)]);
  const value = row?.escrow_blobs;
  return value === null || value === undefined ? null : Uint8Array.from(value as Uint8Array);
}

async function setEscrowBlobs(h: StoreHarness, keyId: bigint, value: Uint8Array | null): Promise<void> {
  expect(await h.raw.run('UPDATE keys SET escrow_blobs = ? WHERE key_id = ?', [value, String(keyId)])).toBe(
    1,
  );
}

/**
 * Writes a key row sealed and journaled with the store's key (what only a holder of the sealing
 * key can do), with the escrow columns given.
 */
async function writeSealedKeyRow(
  h: StoreHarness,
  keyId: bigint,
  escrowKeyIds: string,
  escrowBlobs: Uint8Array,
): Promise<void> {
  const ctx = createStoreContext(
    h.sealer,
    (a) => h.alarms.push(a),
    () => new Date(),
  );
  await h.raw.transaction(async (tx) => {
    const rows = new SealedRows(tx, ctx);
    await rows.insert(KEYS, {
      domain_id: '10514',
      server_id: '7',
      key_id: String(keyId),
      key_class: 'default',
      owner_client_id: 'alice',
      algorithm: 'aes',
      key_size: 256,
      sealed_key: randomBytes(48),
      escrow_key_ids: escrowKeyIds,
      created_at: Date.now(),
      escrow_blobs: escrowBlobs,
    });
    await rows.flushJournal();
  });
}

export function describeEscrowInKeyRow(make: MakeStoreHarness, current: () => StoreHarness): void {
  describe('escrow blobs in the key row (migration 2)', () => {
    it('stores a new key as one row and one journal entry, blobs included', async () => {
      const h = current();
      const keys = [
        newKey(1n, { escrow: twoBlobs() }),
        newKey(2n),
        newKey(3n, { escrow: [{ escrowKeyId: 'e', blob: new Uint8Array([0]) }] }),
      ];
      for (const key of keys) {
        const saved = await h.store.saveKey(key);
        const read = await h.store.getKey(key.globalKeyId);
        expect(read?.escrow.map((e) => [e.escrowKeyId, hex(e.blob)])).toEqual(sortedEscrow(key));
        expect(contentOf(read)).toEqual({
          ...contentOf(saved),
          escrow: sortedEscrow(key),
        });
        const inRow = decodeEscrowBlobs((await escrowBlobsOf(h, key.globalKeyId.keyId))!);
        expect(inRow?.map((e) => [e.escrowKeyId, hex(e.blob)])).toEqual(sortedEscrow(key));
      }
      expect(await count(h, 'SELECT count(*) AS n FROM key_escrow')).toBe(0);
      expect(await count(h, 'SELECT count(*) AS n FROM row_journal WHERE table_name = ?', ['keys'])).toBe(3);
      expect(
        await count(h, 'SELECT count(*) AS n FROM row_journal WHERE table_name = ?', ['key_escrow']),
      ).toBe(0);
      const report = await h.store.verifyIntegrity();
      expect(report).toMatchObject({ ok: true, problems: [], rowsChecked: 6 });
      expect(h.alarms).toEqual([]);
    });

    it('reads a key written before migration 2 exactly as a new one', async () => {
      const h = current();
      const escrow = twoBlobs();
      const sealedKey = randomBytes(48);
      await writeLegacyKeys(h.raw, h.sealer, [newKey(1n, { escrow, sealedKey }), newKey(2n)]);
      expect(await escrowBlobsOf(h, 1n)).toBeNull();
      expect(await count(h, 'SELECT count(*) AS n FROM key_escrow')).toBe(2);
      await h.store.saveKey(newKey(3n, { escrow, sealedKey }));
      const legacy = await h.store.getKey(gkid(1n));
      expect(contentOf(legacy)).toEqual(contentOf(await h.store.getKey(gkid(3n))));
      expect(legacy?.escrow.map((e) => e.escrowKeyId)).toEqual(['escrow-officer-1', 'escrow-officer-2']);
      expect(contentOf(await h.store.getKey(gkid(2n))).escrow).toEqual([]);
      expect(await h.store.verifyIntegrity()).toMatchObject({ ok: true, problems: [], rowsChecked: 8 });
      expect(h.alarms).toEqual([]);
    });

    it('opens a version-1 store: old keys read and verify, new keys use the new form', async () => {
      const old = await make({ schemaVersion: 1 });
      try {
        await seed(old.store);
        expect(
          (await old.raw.all('SELECT version FROM schema_version')).map((r) => Number(r.version)),
        ).toEqual([1]);
        const before = [newKey(1n, { escrow: twoBlobs() }), newKey(2n), newKey(3n, { escrow: twoBlobs() })];
        await writeLegacyKeys(old.raw, old.sealer, before);
        const store = await old.reopen();
        expect(
          (await old.raw.all('SELECT version FROM schema_version')).map((r) => Number(r.version)),
        ).toEqual([1, 2]);
        // Every row written before the migration still carries the seal of the version-1 encoding.
        for (const spec of [KEYS_V1, KEY_ESCROW_V1]) {
          for (const raw of await old.raw.all(`SELECT * FROM ${spec.name}`)) {
            const values: Record<string, RowValues[string]> = {};
            for (const c of spec.columns) values[c.name] = normalizeColumn(c, raw[c.name]) ?? null;
            const encoded = encodeRowV1(spec, values, Number(raw.version));
            expect(await old.sealer.verify(encoded, Uint8Array.from(raw.seal as Uint8Array))).toBe(true);
          }
        }
        for (const key of before) {
          const read = await store.getKey(key.globalKeyId);
          expect(hex(read!.sealedKey)).toBe(hex(key.sealedKey));
          expect(read?.escrow.map((e) => [e.escrowKeyId, hex(e.blob)])).toEqual(sortedEscrow(key));
        }
        const added = newKey(4n, { escrow: twoBlobs() });
        await store.saveKey(added);
        expect(contentOf(await store.getKey(gkid(4n))).escrow).toEqual(sortedEscrow(added));
        expect(await escrowBlobsOf(old, 4n)).not.toBeNull();
        expect(await escrowBlobsOf(old, 1n)).toBeNull();
        expect(await count(old, 'SELECT count(*) AS n FROM key_escrow')).toBe(4);
        expect(await count(old, 'SELECT count(*) AS n FROM key_escrow WHERE key_id = ?', ['4'])).toBe(0);
        expect(await store.verifyIntegrity()).toMatchObject({ ok: true, problems: [], rowsChecked: 11 });
        expect(old.alarms).toEqual([]);
      } finally {
        await old.close();
      }
    });

    it('refuses a new key whose escrow_blobs was nulled, edited, swapped or cut', async () => {
      const h = current();
      for (const keyId of [1n, 2n, 3n, 4n, 5n]) await h.store.saveKey(newKey(keyId, { escrow: twoBlobs() }));
      // Nulled: the row would read as an older key without key_escrow rows.
      await setEscrowBlobs(h, 1n, null);
      // Edited: one byte of a blob.
      const edited = (await escrowBlobsOf(h, 2n))!;
      edited[edited.length - 1] = edited[edited.length - 1]! ^ 1;
      await setEscrowBlobs(h, 2n, edited);
      // Swapped between two keys (same escrow key IDs, valid encodings).
      const third = await escrowBlobsOf(h, 3n);
      await setEscrowBlobs(h, 3n, await escrowBlobsOf(h, 4n));
      await setEscrowBlobs(h, 4n, third);
      // Cut to one blob, escrow_key_ids changed to match.
      const cut = decodeEscrowBlobs((await escrowBlobsOf(h, 5n))!)!.slice(0, 1);
      await setEscrowBlobs(h, 5n, encodeEscrowBlobs(cut));
      await h.raw.run('UPDATE keys SET escrow_key_ids = ? WHERE key_id = ?', [
        JSON.stringify(cut.map((e) => e.escrowKeyId)),
        '5',
      ]);
      const expected = [1n, 2n, 3n, 4n, 5n].map((keyId) => ({
        table: 'keys',
        primaryKey: JSON.stringify(['10514', '7', String(keyId)]),
        reason: 'bad-seal',
      }));
      for (const [i, keyId] of [1n, 2n, 3n, 4n, 5n].entries()) {
        const error = await expectIntegrityError(h.store.getKey(gkid(keyId)));
        expect(error.alarm).toEqual(expected[i]);
      }
      expect(h.alarms).toEqual(expected);
      const report = await h.store.verifyIntegrity();
      expect(report.ok).toBe(false);
      // The scan visits rows in the database's order.
      expect([...report.problems].sort((a, b) => (a.primaryKey < b.primaryKey ? -1 : 1))).toEqual(expected);
    });

    it('refuses a key written before migration 2 that was given escrow_blobs', async () => {
      const h = current();
      const escrow = twoBlobs();
      await writeLegacyKeys(h.raw, h.sealer, [newKey(1n, { escrow })]);
      await setEscrowBlobs(h, 1n, encodeEscrowBlobs(escrow.reverse()));
      const error = await expectIntegrityError(h.store.getKey(gkid(1n)));
      expect(error.alarm).toEqual({ table: 'keys', primaryKey: '["10514","7","1"]', reason: 'bad-seal' });
    });

    it('refuses a sealed key row whose escrow_blobs does not match its escrow_key_ids', async () => {
      const h = current();
      const blob = (id: string) => ({ escrowKeyId: id, blob: randomBytes(16) });
      const cases: [string, Uint8Array][] = [
        ['["a","b"]', encodeEscrowBlobs([blob('a')])],
        ['["a","b"]', encodeEscrowBlobs([blob('b'), blob('a')])],
        ['["a"]', encodeEscrowBlobs([blob('c')])],
        ['[]', encodeEscrowBlobs([blob('a')])],
        ['["a"]', new Uint8Array([1, 2, 3])],
        ['["a"]', new Uint8Array(0)],
      ];
      for (const [i, [ids, blobs]] of cases.entries()) {
        const keyId = BigInt(i + 1);
        await writeSealedKeyRow(h, keyId, ids, blobs);
        const error = await expectIntegrityError(h.store.getKey(gkid(keyId)));
        expect(error.alarm).toEqual({
          table: 'keys',
          primaryKey: JSON.stringify(['10514', '7', String(keyId)]),
          reason: 'malformed',
        });
      }
      // The control: the same helper with matching columns gives a readable key.
      await writeSealedKeyRow(h, 99n, '["a"]', encodeEscrowBlobs([blob('a')]));
      expect((await h.store.getKey(gkid(99n)))?.escrow.map((e) => e.escrowKeyId)).toEqual(['a']);
    });
  });
}
