/**
 * Frozen copies, for tests: the sealed tables as migration 1 created them, and the row encoding
 * as it was before any column was appended. Rows written before migration 2 were sealed over
 * exactly these bytes; the current encodeRow must still give them (row-codec.test.ts). Never
 * change this file to follow tables.ts or row-codec.ts: it is the record of what was written.
 */
import { encodeCanonicalWith } from '../../integrity/canonical-encoding.ts';
import type { RowValues } from '../row-codec.ts';
import type { ColumnKind, ColumnSpec, TableSpec } from '../tables.ts';

const c = (name: string, kind: ColumnKind, nullable = false): ColumnSpec => ({ name, kind, nullable });

export const KEYS_V1: TableSpec = {
  name: 'keys',
  primaryKey: ['domain_id', 'server_id', 'key_id'],
  columns: [
    c('domain_id', 'u64'),
    c('server_id', 'u64'),
    c('key_id', 'u64'),
    c('key_class', 'text'),
    c('owner_client_id', 'text'),
    c('algorithm', 'text'),
    c('key_size', 'int'),
    c('sealed_key', 'bytes'),
    c('escrow_key_ids', 'text'),
    c('created_at', 'int'),
  ],
};

export const KEY_ESCROW_V1: TableSpec = {
  name: 'key_escrow',
  primaryKey: ['domain_id', 'server_id', 'key_id', 'escrow_key_id'],
  columns: [
    c('domain_id', 'u64'),
    c('server_id', 'u64'),
    c('key_id', 'u64'),
    c('escrow_key_id', 'text'),
    c('blob', 'bytes'),
    c('created_at', 'int'),
  ],
};

export const SEALED_TABLES_V1: readonly TableSpec[] = [
  {
    name: 'clients',
    primaryKey: ['id'],
    columns: [
      c('id', 'text'),
      c('certificate', 'bytes'),
      c('subject', 'text'),
      c('fingerprint', 'text'),
      c('status', 'text'),
      c('groups_json', 'text'),
      c('created_at', 'int'),
      c('updated_at', 'int'),
    ],
  },
  {
    name: 'key_classes',
    primaryKey: ['name'],
    columns: [
      c('name', 'text'),
      c('key_use_policy', 'text'),
      c('key_cache_policy', 'text'),
      c('requires_approval', 'int'),
      c('created_at', 'int'),
      c('updated_at', 'int'),
    ],
  },
  KEYS_V1,
  KEY_ESCROW_V1,
  {
    name: 'requests',
    primaryKey: ['domain_id', 'server_id', 'request_id'],
    columns: [
      c('domain_id', 'u64'),
      c('server_id', 'u64'),
      c('request_id', 'u64'),
      c('client_id', 'text'),
      c('requested_domain_id', 'u64'),
      c('requested_server_id', 'u64'),
      c('requested_key_id', 'u64'),
      c('key_class', 'text', true),
      c('status', 'text'),
      c('result_domain_id', 'u64', true),
      c('result_server_id', 'u64', true),
      c('result_key_id', 'u64', true),
      c('check_interval', 'int'),
      c('created_at', 'int'),
      c('updated_at', 'int'),
    ],
  },
  {
    name: 'sequences',
    primaryKey: ['name', 'server_id'],
    columns: [c('name', 'text'), c('server_id', 'u64'), c('last_value', 'u64')],
  },
];

/** row-codec.ts encodeRow as it was before migration 2 (copied unchanged). */
export function encodeRowV1(spec: TableSpec, values: RowValues, version: number): Uint8Array {
  return encodeCanonicalWith((w) => {
    w.list(5).text('sksml-store-row/1').text(spec.name);
    const pk = spec.primaryKey;
    w.list(pk.length);
    for (const name of pk) w.value(values[name] ?? null);
    w.value(version);
    const columns = spec.columns;
    w.list(columns.length);
    for (const col of columns)
      w.list(2)
        .text(col.name)
        .value(values[col.name] ?? null);
  });
}
