/**
 * Keys: one row per key, holding the material sealed by the caller and (since migration 2) all
 * its escrow blobs (`escrow_blobs`, ops/escrow-blobs.ts): one row write, one journal entry.
 * A key written before migration 2 has NULL there and one `key_escrow` row per blob; it is read
 * and verified as before: the key row lists its escrow key IDs under its seal, so a deleted
 * escrow row is detected (spec/store.md §2).
 */
import type { GlobalKeyID } from '../../../protocol/model/identifiers.ts';
import type { EscrowBlob, KeyRecord, NewKey } from '../records.ts';
import { primaryKeyText, type RowValues } from '../row-codec.ts';
import type { SealedRows } from '../sealed-rows.ts';
import { StoreError } from '../store-error.ts';
import { KEY_ESCROW, KEYS } from '../tables.ts';
import { decodeEscrowBlobs, encodeEscrowBlobs } from './escrow-blobs.ts';
import {
  bytes,
  canonicalSet,
  checkName,
  date,
  globalKeyIdValues,
  int,
  keyIdColumns,
  parseStringList,
  readGlobalKeyId,
  text,
} from './values.ts';

function checkKey(key: NewKey): void {
  const id = key.globalKeyId;
  // SKSML-MSG-10, SKSML-SRV-40: a stored key has a real GlobalKeyID, never the new-key sentinel.
  if (id.domainId === 0n || id.serverId === 0n || id.keyId === 0n)
    throw new StoreError('STORE_INVALID_VALUE', 'a stored key needs a GlobalKeyID without zero parts', {
      requirement: 'SKSML-SRV-40',
    });
  if (!Number.isSafeInteger(key.keySize) || key.keySize <= 0)
    throw new StoreError('STORE_INVALID_VALUE', 'key size must be a positive integer');
  if (!(key.sealedKey instanceof Uint8Array) || key.sealedKey.length === 0)
    throw new StoreError('STORE_INVALID_VALUE', 'sealed key material is required');
}

/** The sorted escrow key IDs of a key's escrow blobs (escrow_key_ids); refuses repeats. */
export function escrowKeyIdsOf(escrow: readonly { readonly escrowKeyId: string }[]): string[] {
  const escrowIds = canonicalSet(
    escrow.map((e) => e.escrowKeyId),
    'escrow key ID',
  );
  if (escrowIds.length !== escrow.length)
    throw new StoreError('STORE_INVALID_VALUE', 'escrow key IDs repeat');
  return escrowIds;
}

export async function saveKey(rows: SealedRows, key: NewKey): Promise<KeyRecord> {
  checkKey(key);
  const escrow = key.escrow ?? [];
  const escrowIds = escrowKeyIdsOf(escrow);
  const now = rows.ctx.now().getTime();
  const idValues = keyIdColumns(key.globalKeyId);
  // One copy of each caller's array: it is sealed, stored and returned, so a caller that changes
  // its own array afterwards changes none of them.
  const sealedKey = Uint8Array.from(key.sealedKey);
  const blobs = escrow.map((e) => {
    if (!(e.blob instanceof Uint8Array) || e.blob.length === 0)
      throw new StoreError('STORE_INVALID_VALUE', 'an escrow blob must not be empty');
    return { escrowKeyId: e.escrowKeyId, blob: Uint8Array.from(e.blob) };
  });
  // Stored in escrow_key_ids order (sorted; the IDs are unique), as getKey reads them back.
  const stored =
    blobs.length < 2 ? blobs : [...blobs].sort((a, b) => (a.escrowKeyId < b.escrowKeyId ? -1 : 1));
  // SKSML-SRV-50: the primary key (DomainID, ServerID, KeyID) keeps GlobalKeyIDs unique.
  // Written out, not spread: on Node 20 every property after a spread costs ~0.5 µs.
  const row = await rows.insert(KEYS, {
    domain_id: idValues.domain_id,
    server_id: idValues.server_id,
    key_id: idValues.key_id,
    key_class: checkName(key.keyClass, 'KeyClass'),
    owner_client_id: checkName(key.ownerClientId, 'owner client ID'),
    algorithm: checkName(key.algorithm, 'algorithm', 2048),
    key_size: key.keySize,
    sealed_key: sealedKey,
    escrow_key_ids: JSON.stringify(escrowIds),
    created_at: now,
    // The blobs in the key's own row: no key_escrow rows (and their journal entries) for new keys.
    escrow_blobs: encodeEscrowBlobs(stored),
  });
  // The caller's own properties (as `{ ...key, ... }` would copy them), then the stored ones.
  const record = Object.assign({}, key) as { -readonly [K in keyof KeyRecord]: KeyRecord[K] };
  record.escrow = blobs;
  record.sealedKey = sealedKey;
  record.createdAt = new Date(now);
  record.version = row.version;
  return record;
}

export async function getKey(rows: SealedRows, id: GlobalKeyID): Promise<KeyRecord | undefined> {
  const idValues = globalKeyIdValues(id);
  const row = await rows.selectByKey(KEYS, idValues);
  if (row === undefined) return undefined;
  const v = row.values;
  const pk = primaryKeyText(KEYS, v);
  const expected = parseStringList(text(v, 'escrow_key_ids'));
  if (expected === undefined) return rows.ctx.fail({ table: KEYS.name, primaryKey: pk, reason: 'malformed' });
  const inRow = v.escrow_blobs;
  let escrow: EscrowBlob[];
  if (inRow === null || inRow === undefined) {
    escrow = await readLegacyEscrow(rows, idValues);
    const found = escrow.map((e) => e.escrowKeyId);
    if (found.length !== expected.length || found.some((e, i) => e !== expected[i]))
      return rows.ctx.fail({ table: KEY_ESCROW.name, primaryKey: pk, reason: 'missing-row' });
  } else {
    // The seal already binds the column to this row; this refuses a row the store never wrote.
    const decoded = inRow instanceof Uint8Array ? decodeEscrowBlobs(inRow) : undefined;
    if (
      decoded === undefined ||
      decoded.length !== expected.length ||
      decoded.some((e, i) => e.escrowKeyId !== expected[i])
    )
      return rows.ctx.fail({ table: KEYS.name, primaryKey: pk, reason: 'malformed' });
    escrow = decoded;
  }
  return {
    globalKeyId: readGlobalKeyId(v),
    keyClass: text(v, 'key_class'),
    ownerClientId: text(v, 'owner_client_id'),
    algorithm: text(v, 'algorithm'),
    keySize: int(v, 'key_size'),
    sealedKey: bytes(v, 'sealed_key'),
    escrow,
    createdAt: date(v, 'created_at'),
    version: row.version,
  };
}

/** The key_escrow rows of a key written before migration 2, verified, sorted by escrow key ID. */
async function readLegacyEscrow(rows: SealedRows, idValues: RowValues): Promise<EscrowBlob[]> {
  const escrowRows = await rows.select(KEY_ESCROW, 'domain_id = ? AND server_id = ? AND key_id = ?', [
    idValues.domain_id!,
    idValues.server_id!,
    idValues.key_id!,
  ]);
  return escrowRows
    .map((r) => ({ escrowKeyId: text(r.values, 'escrow_key_id'), blob: bytes(r.values, 'blob') }))
    .sort((a, b) => (a.escrowKeyId < b.escrowKeyId ? -1 : 1));
}
