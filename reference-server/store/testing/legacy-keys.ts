/**
 * Writes keys the way the store did before migration 2 (for tests): the key row without
 * escrow_blobs, one key_escrow row per blob, each sealed and journaled. `saveLegacyKey` writes the
 * rows the previous saveKey wrote, in the same order (the frozen migration-1 table specs; the
 * input checks of saveKey are left out).
 */
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../../integrity/record-sealer.ts';
import { escrowKeyIdsOf } from '../ops/keys.ts';
import { checkName, keyIdColumns } from '../ops/values.ts';
import type { NewKey } from '../records.ts';
import { SealedRows } from '../sealed-rows.ts';
import type { SqlDatabase } from '../sql/sql-database.ts';
import { createStoreContext } from '../store-context.ts';
import { KEY_ESCROW_V1, KEYS_V1 } from './schema-v1.ts';

export async function saveLegacyKey(rows: SealedRows, key: NewKey): Promise<void> {
  const escrow = key.escrow ?? [];
  const escrowIds = escrowKeyIdsOf(escrow);
  const now = rows.ctx.now().getTime();
  const idValues = keyIdColumns(key.globalKeyId);
  await rows.insert(KEYS_V1, {
    domain_id: idValues.domain_id,
    server_id: idValues.server_id,
    key_id: idValues.key_id,
    key_class: checkName(key.keyClass, 'KeyClass'),
    owner_client_id: checkName(key.ownerClientId, 'owner client ID'),
    algorithm: checkName(key.algorithm, 'algorithm', 2048),
    key_size: key.keySize,
    sealed_key: Uint8Array.from(key.sealedKey),
    escrow_key_ids: JSON.stringify(escrowIds),
    created_at: now,
  });
  for (const e of escrow) {
    await rows.insert(KEY_ESCROW_V1, {
      domain_id: idValues.domain_id,
      server_id: idValues.server_id,
      key_id: idValues.key_id,
      escrow_key_id: e.escrowKeyId,
      blob: Uint8Array.from(e.blob),
      created_at: now,
    });
  }
}

/**
 * Writes `keys` the old way in one transaction on `db` (a connection beside the store's, as
 * another process of the previous version would), sealed with `sealer`.
 */
export async function writeLegacyKeys(
  db: SqlDatabase,
  sealer: RecordSealer,
  keys: readonly NewKey[],
  alarms: IntegrityAlarm[] = [],
): Promise<void> {
  const ctx = createStoreContext(
    sealer,
    (a) => alarms.push(a),
    () => new Date(),
  );
  await db.transaction(async (tx) => {
    const rows = new SealedRows(tx, ctx);
    for (const key of keys) await saveLegacyKey(rows, key);
    await rows.flushJournal();
  });
}
