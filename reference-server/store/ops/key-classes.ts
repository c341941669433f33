/** Key classes: the KeyUsePolicy and KeyCachePolicy that govern keys of a class. */
import type { KeyClassRecord, NewKeyClass } from '../records.ts';
import type { SealedRows, VerifiedRow } from '../sealed-rows.ts';
import { StoreError } from '../store-error.ts';
import { KEY_CLASSES } from '../tables.ts';
import { checkName, date, int, text } from './values.ts';

function toRecord(row: VerifiedRow): KeyClassRecord {
  const v = row.values;
  return {
    name: text(v, 'name'),
    keyUsePolicy: text(v, 'key_use_policy'),
    keyCachePolicy: text(v, 'key_cache_policy'),
    requiresApproval: int(v, 'requires_approval') === 1,
    createdAt: date(v, 'created_at'),
    updatedAt: date(v, 'updated_at'),
    version: row.version,
  };
}

export async function putKeyClass(rows: SealedRows, keyClass: NewKeyClass): Promise<KeyClassRecord> {
  // SKSML-MSG-4, SKSML-MSG-106: a KeyClass has 1..255 characters, not only whitespace.
  const name = checkName(keyClass.name, 'KeyClass');
  if (typeof keyClass.keyUsePolicy !== 'string' || typeof keyClass.keyCachePolicy !== 'string')
    throw new StoreError('STORE_INVALID_VALUE', 'key class policies must be serialized text');
  const now = rows.ctx.now().getTime();
  const values = {
    name,
    key_use_policy: keyClass.keyUsePolicy,
    key_cache_policy: keyClass.keyCachePolicy,
    requires_approval: keyClass.requiresApproval ? 1 : 0,
    updated_at: now,
  };
  const current = await rows.selectByKey(KEY_CLASSES, { name });
  const row =
    current === undefined
      ? await rows.insert(KEY_CLASSES, { ...values, created_at: now })
      : await rows.update(KEY_CLASSES, { ...current.values, ...values }, current);
  return toRecord(row);
}

export async function getKeyClass(rows: SealedRows, name: string): Promise<KeyClassRecord | undefined> {
  const row = await rows.selectByKey(KEY_CLASSES, { name });
  return row && toRecord(row);
}

export async function listKeyClasses(rows: SealedRows): Promise<KeyClassRecord[]> {
  const all = (await rows.select(KEY_CLASSES, '1 = 1', [])).map(toRecord);
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
