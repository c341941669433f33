/**
 * Migration 2 (PostgreSQL): a key's escrow blobs in its own row (`keys.escrow_blobs`,
 * ops/escrow-blobs.ts) instead of one `key_escrow` row each. Nullable and not back-filled: the keys
 * written before keep NULL there and their `key_escrow` rows, and their seals stay valid
 * (spec/store.md §3, §7).
 */
import type { Migration } from '../../migration.ts';

export const migration0002: Migration = {
  version: 2,
  name: 'escrow-in-key-row',
  sql: `
ALTER TABLE keys ADD COLUMN escrow_blobs BYTEA;
`,
};
