/** Migration 1 (PostgreSQL): the initial schema. u64 values as NUMERIC(20,0) in 0..2^64-1. */
import type { Migration } from '../../migration.ts';

const U64 = (column: string, nullable = false): string =>
  `${column} NUMERIC(20, 0) ${nullable ? '' : 'NOT NULL '}CHECK (${column} >= 0 AND ${column} <= 18446744073709551615)`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE clients (
  id TEXT NOT NULL PRIMARY KEY,
  certificate BYTEA NOT NULL,
  subject TEXT NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active', 'deactivated')),
  groups_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  seal BYTEA NOT NULL
);

CREATE TABLE key_classes (
  name TEXT NOT NULL PRIMARY KEY,
  key_use_policy TEXT NOT NULL,
  key_cache_policy TEXT NOT NULL,
  requires_approval SMALLINT NOT NULL CHECK (requires_approval IN (0, 1)),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  seal BYTEA NOT NULL
);

CREATE TABLE keys (
  ${U64('domain_id')},
  ${U64('server_id')},
  ${U64('key_id')},
  key_class TEXT NOT NULL REFERENCES key_classes (name),
  owner_client_id TEXT NOT NULL REFERENCES clients (id),
  algorithm TEXT NOT NULL,
  key_size INTEGER NOT NULL,
  sealed_key BYTEA NOT NULL,
  escrow_key_ids TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  seal BYTEA NOT NULL,
  PRIMARY KEY (domain_id, server_id, key_id)
);

CREATE TABLE key_escrow (
  domain_id NUMERIC(20, 0) NOT NULL,
  server_id NUMERIC(20, 0) NOT NULL,
  key_id NUMERIC(20, 0) NOT NULL,
  escrow_key_id TEXT NOT NULL,
  blob BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  seal BYTEA NOT NULL,
  PRIMARY KEY (domain_id, server_id, key_id, escrow_key_id),
  FOREIGN KEY (domain_id, server_id, key_id) REFERENCES keys (domain_id, server_id, key_id)
);

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
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  seal BYTEA NOT NULL,
  PRIMARY KEY (domain_id, server_id, request_id)
);

CREATE TABLE sequences (
  name TEXT NOT NULL CHECK (name IN ('key', 'request')),
  ${U64('server_id')},
  ${U64('last_value')},
  version BIGINT NOT NULL,
  seal BYTEA NOT NULL,
  PRIMARY KEY (name, server_id)
);

CREATE TABLE row_journal (
  seq BIGINT NOT NULL PRIMARY KEY,
  table_name TEXT NOT NULL,
  pk TEXT NOT NULL,
  version BIGINT NOT NULL,
  row_digest BYTEA NOT NULL,
  previous_hash BYTEA NOT NULL,
  seal BYTEA NOT NULL
);
CREATE INDEX row_journal_by_row ON row_journal (table_name, pk, seq);

CREATE TABLE journal_head (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  count BIGINT NOT NULL,
  head_hash BYTEA NOT NULL,
  updated_at BIGINT NOT NULL,
  seal BYTEA NOT NULL
);

CREATE TABLE audit_log (
  seq BIGINT NOT NULL PRIMARY KEY,
  at BIGINT NOT NULL,
  operation TEXT NOT NULL,
  client_id TEXT,
  global_key_ids TEXT NOT NULL,
  outcome TEXT NOT NULL,
  error_code TEXT,
  previous_hash BYTEA NOT NULL,
  seal BYTEA NOT NULL
);

CREATE TABLE audit_checkpoint (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  count BIGINT NOT NULL,
  head_hash BYTEA NOT NULL,
  at BIGINT NOT NULL,
  seal BYTEA NOT NULL
);
`,
};
