/**
 * saveKey builds its row and its record without object spread (slow on Node 20); the row it
 * inserts and the record it returns must be exactly those of the spread form, in the same order.
 * Since migration 2 the escrow blobs are in the key row: one insert per key, none in key_escrow.
 */
import { describe, expect, it } from 'vitest';
import type { NewKey } from '../records.ts';
import type { SealedRows } from '../sealed-rows.ts';
import { decodeEscrowBlobs } from './escrow-blobs.ts';
import { saveKey } from './keys.ts';

const NOW = 1_700_000_000_123;

function fakeRows(inserted: { table: string; values: Record<string, unknown> }[]): SealedRows {
  const rows = {
    ctx: { now: () => new Date(NOW) },
    insert: (spec: { name: string }, values: Record<string, unknown>) => {
      inserted.push({ table: spec.name, values });
      return Promise.resolve({ values, version: 1 });
    },
  };
  return rows as unknown as SealedRows;
}

const key: NewKey = {
  globalKeyId: { domainId: 12345678901n, serverId: 7n, keyId: 99n },
  keyClass: 'default',
  ownerClientId: 'client-one',
  algorithm: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  keySize: 128,
  sealedKey: new Uint8Array([1, 2, 3]),
  escrow: [
    { escrowKeyId: 'escrow-b', blob: new Uint8Array([4]) },
    { escrowKeyId: 'escrow-a', blob: new Uint8Array([5, 6]) },
  ],
};

describe('saveKey', () => {
  it('inserts the row and returns the record of the spread form, property order included', async () => {
    const inserted: { table: string; values: Record<string, unknown> }[] = [];
    const record = await saveKey(fakeRows(inserted), key);
    const id = { domain_id: '12345678901', server_id: '7', key_id: '99' };
    expect(inserted.map((r) => [r.table, Object.keys(r.values)])).toEqual([
      [
        'keys',
        [
          ...Object.keys(id),
          'key_class',
          'owner_client_id',
          'algorithm',
          'key_size',
          'sealed_key',
          'escrow_key_ids',
          'created_at',
          'escrow_blobs',
        ],
      ],
    ]);
    const { escrow_blobs: escrowBlobs, ...columns } = inserted[0]!.values;
    // In escrow_key_ids order, whatever the caller's order.
    expect(decodeEscrowBlobs(escrowBlobs as Uint8Array)).toEqual([
      { escrowKeyId: 'escrow-a', blob: new Uint8Array([5, 6]) },
      { escrowKeyId: 'escrow-b', blob: new Uint8Array([4]) },
    ]);
    expect(columns).toEqual({
      ...id,
      key_class: 'default',
      owner_client_id: 'client-one',
      algorithm: key.algorithm,
      key_size: 128,
      sealed_key: key.sealedKey,
      escrow_key_ids: '["escrow-a","escrow-b"]',
      created_at: NOW,
    });
    const expected = {
      ...key,
      escrow: key.escrow,
      sealedKey: key.sealedKey,
      createdAt: new Date(NOW),
      version: 1,
    };
    expect(Object.keys(record)).toEqual(Object.keys(expected));
    expect(record).toEqual(expected);
    // Copies, not the caller's arrays.
    expect(record.sealedKey).not.toBe(key.sealedKey);
    expect(record.escrow[0]?.blob).not.toBe(key.escrow?.[0]?.blob);
  });
});
