/**
 * The sealed tables: their columns (in seal order) and primary keys. Every sealed table also has
 * `version` and `seal` columns. The canonical row encoding is built from these specs, so the
 * column order here is part of the seal format (spec/store.md §Sealing): append, never reorder.
 * A column appended by a later migration is `omitWhenNull`, so the rows written before it (which
 * hold NULL there) keep the encoding, and so the seal, they were written with.
 */

/** text: string; bytes: Uint8Array; int: safe integer; u64: decimal text 0..2^64-1. */
export type ColumnKind = 'text' | 'bytes' | 'int' | 'u64';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable?: boolean;
  /**
   * Only for columns appended by a migration (they are nullable): when the value is NULL the
   * column is left out of the canonical encoding's column list, as if it did not exist; any other
   * value is encoded like every column. Rows written before the migration so encode as before.
   */
  readonly omitWhenNull?: boolean;
}

export interface TableSpec {
  readonly name: string;
  readonly primaryKey: readonly string[];
  /** All data columns, primary key columns included, without version and seal. */
  readonly columns: readonly ColumnSpec[];
}

const col = (name: string, kind: ColumnKind, nullable = false): ColumnSpec => ({ name, kind, nullable });

/** A column added by a migration after 1: nullable, and left out of the encoding when NULL. */
const appended = (name: string, kind: ColumnKind): ColumnSpec => ({
  name,
  kind,
  nullable: true,
  omitWhenNull: true,
});

export const CLIENTS: TableSpec = {
  name: 'clients',
  primaryKey: ['id'],
  columns: [
    col('id', 'text'),
    col('certificate', 'bytes'),
    col('subject', 'text'),
    col('fingerprint', 'text'),
    col('status', 'text'),
    col('groups_json', 'text'),
    col('created_at', 'int'),
    col('updated_at', 'int'),
  ],
};

export const KEY_CLASSES: TableSpec = {
  name: 'key_classes',
  primaryKey: ['name'],
  columns: [
    col('name', 'text'),
    col('key_use_policy', 'text'),
    col('key_cache_policy', 'text'),
    col('requires_approval', 'int'),
    col('created_at', 'int'),
    col('updated_at', 'int'),
  ],
};

export const KEYS: TableSpec = {
  name: 'keys',
  primaryKey: ['domain_id', 'server_id', 'key_id'],
  columns: [
    col('domain_id', 'u64'),
    col('server_id', 'u64'),
    col('key_id', 'u64'),
    col('key_class', 'text'),
    col('owner_client_id', 'text'),
    col('algorithm', 'text'),
    col('key_size', 'int'),
    col('sealed_key', 'bytes'),
    col('escrow_key_ids', 'text'),
    col('created_at', 'int'),
    // Migration 2: the escrow blobs of a key written since (ops/escrow-blobs.ts). NULL for a key
    // written before, whose blobs are key_escrow rows.
    appended('escrow_blobs', 'bytes'),
  ],
};

/** Escrow blobs of the keys written before migration 2 (one row per blob); no new rows. */
export const KEY_ESCROW: TableSpec = {
  name: 'key_escrow',
  primaryKey: ['domain_id', 'server_id', 'key_id', 'escrow_key_id'],
  columns: [
    col('domain_id', 'u64'),
    col('server_id', 'u64'),
    col('key_id', 'u64'),
    col('escrow_key_id', 'text'),
    col('blob', 'bytes'),
    col('created_at', 'int'),
  ],
};

export const REQUESTS: TableSpec = {
  name: 'requests',
  primaryKey: ['domain_id', 'server_id', 'request_id'],
  columns: [
    col('domain_id', 'u64'),
    col('server_id', 'u64'),
    col('request_id', 'u64'),
    col('client_id', 'text'),
    col('requested_domain_id', 'u64'),
    col('requested_server_id', 'u64'),
    col('requested_key_id', 'u64'),
    col('key_class', 'text', true),
    col('status', 'text'),
    col('result_domain_id', 'u64', true),
    col('result_server_id', 'u64', true),
    col('result_key_id', 'u64', true),
    col('check_interval', 'int'),
    col('created_at', 'int'),
    col('updated_at', 'int'),
  ],
};

export const SEQUENCES: TableSpec = {
  name: 'sequences',
  primaryKey: ['name', 'server_id'],
  columns: [col('name', 'text'), col('server_id', 'u64'), col('last_value', 'u64')],
};

export const SEALED_TABLES: readonly TableSpec[] = [
  CLIENTS,
  KEY_CLASSES,
  KEYS,
  KEY_ESCROW,
  REQUESTS,
  SEQUENCES,
];
