/** Migration 1 (SQLite): the initial schema. STRICT tables; u64 values as canonical decimal TEXT. */
import type { Migration } from '../../migration.ts';

const U64 = (column: string, nullable = false): string =>
  `${column} TEXT ${nullable ? '' : 'NOT NULL '}CHECK (${column} IS NULL OR (length(${column}) BETWEEN 1 AND 20 AND ${column} NOT GLOB '*[^0-9]*'))`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE clients (
  id TEXT NOT NULL PRIMARY KEY,
  certificate BLOB NOT NULL,
  subject TEXT NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active', 'deactivated')),
  groups_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  seal BLOB NOT NULL
) STRICT;

CREATE TABLE key_classes (
  name TEXT NOT NULL PRIMARY KEY,
  key_use_policy TEXT NOT NULL,
  key_cache_policy TEXT NOT NULL,
  requires_approval INTEGER NOT NULL CHECK (requires_approval IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  seal BLOB NOT NULL
) STRICT;

CREATE TABLE keys (
  ${U64('domain_id')},
  ${U64('server_id')},
  ${U64('key_id')},
  key_class TEXT NOT NULL REFERENCES key_classes (name),
  owner_client_id TEXT NOT NULL REFERENCES clients (id),
  algorithm TEXT NOT NULL,
  key_size INTEGER NOT NULL,
  sealed_key BLOB NOT NULL,
  escrow_key_ids TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  seal BLOB NOT NULL,
  PRIMARY KEY (domain_id, server_id, key_id)
) STRICT;

CREATE TABLE key_escrow (
  domain_id TEXT NOT NULL,
  server_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  escrow_key_id TEXT NOT NULL,
  blob BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  seal BLOB NOT NULL,
  PRIMARY KEY (domain_id, server_id, key_id, escrow_key_id),
  FOREIGN KEY (domain_id, server_id, key_id) REFERENCES keys (domain_id, server_id, key_id)
) STRICT;

CREATE TABLE requests (
  ${U64('domain_id')},
  ${U64('server_id')},
  ${U64('request_id')},
  client_id TEXT NOT NULL REFERENCES clients (id),
  ${U64('requested_domain_id')},
  ${U64('requested_server_id')},
  ${U64('requested_key_id')},
  key_class TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'delivered')),
  ${U64('result_domain_id', true)},
  ${U64('result_server_id', true)},
  ${U64('result_key_id', true)},
  check_interval INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  seal BLOB NOT NULL,
  PRIMARY KEY (domain_id, server_id, request_id)
) STRICT;

CREATE TABLE sequences (
  name TEXT NOT NULL CHECK (name IN ('key', 'request')),
  ${U64('server_id')},
  ${U64('last_value')},
  version INTEGER NOT NULL,
  seal BLOB NOT NULL,
  PRIMARY KEY (name, server_id)
) STRICT;

CREATE TABLE row_journal (
  seq INTEGER NOT NULL PRIMARY KEY,
  table_name TEXT NOT NULL,
  pk TEXT NOT NULL,
  version INTEGER NOT NULL,
  row_digest BLOB NOT NULL,
  previous_hash BLOB NOT NULL,
  seal BLOB NOT NULL
) STRICT;
CREATE INDEX row_journal_by_row ON row_journal (table_name, pk, seq);

CREATE TABLE journal_head (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  count INTEGER NOT NULL,
  head_hash BLOB NOT NULL,
  updated_at INTEGER NOT NULL,
  seal BLOB NOT NULL
) STRICT;

CREATE TABLE audit_log (
  seq INTEGER NOT NULL PRIMARY KEY,
  at INTEGER NOT NULL,
  operation TEXT NOT NULL,
  client_id TEXT,
  global_key_ids TEXT NOT NULL,
  outcome TEXT NOT NULL,
  error_code TEXT,
  previous_hash BLOB NOT NULL,
  seal BLOB NOT NULL
) STRICT;

CREATE TABLE audit_checkpoint (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  count INTEGER NOT NULL,
  head_hash BLOB NOT NULL,
  at INTEGER NOT NULL,
  seal BLOB NOT NULL
) STRICT;
`,
};
