/**
 * Opening a store: connect, migrate (creating the sealed journal head in the same transaction
 * when the database is new), then check that the journal head verifies under the configured key.
 */
import type { IntegrityAlarmHandler } from '../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../integrity/record-sealer.ts';
import { initJournalHead, readJournalHead } from './journal.ts';
import type { Migration } from './migration.ts';
import { migrate } from './migrate.ts';
import { PostgresDatabase, type PostgresOptions } from './postgres/postgres-database.ts';
import { POSTGRES_MIGRATIONS } from './postgres/migrations/index.ts';
import type { SqlDatabase } from './sql/sql-database.ts';
import { SqlStore } from './sql-store.ts';
import { SqliteDatabase, type SqliteOptions } from './sqlite/sqlite-database.ts';
import { SQLITE_MIGRATIONS } from './sqlite/migrations/index.ts';
import { createStoreContext } from './store-context.ts';

export interface StoreOptions {
  /** Seals every row and journal entry (HMAC-SHA256 from config, or an RSA/HSM signer). */
  readonly sealer: RecordSealer;
  /** Called for every integrity alarm (table, primary key, reason) before the IntegrityError is thrown. */
  readonly onIntegrityAlarm?: IntegrityAlarmHandler;
  readonly now?: () => Date;
  /**
   * KeyIDs and RequestIDs reserved per sequence row update (default 64; spec/store.md §2). The
   * rest of a block is handed out from memory; a restart leaves a gap. 1 reserves one at a time.
   */
  readonly sequenceBlockSize?: number;
}

/**
 * Opens a store on `db` with `migrations` (a back end's full list; tests pass its first N to make
 * a database as an older version left it).
 */
export async function openSqlStore(
  db: SqlDatabase,
  migrations: readonly Migration[],
  options: StoreOptions,
): Promise<SqlStore> {
  const now = options.now ?? (() => new Date());
  const ctx = createStoreContext(options.sealer, options.onIntegrityAlarm, now);
  try {
    await migrate(db, migrations, now, (tx) => initJournalHead(tx, ctx));
    await db.snapshot((tx) => readJournalHead(tx, ctx));
  } catch (error) {
    await db.close();
    throw error;
  }
  return new SqlStore(db, ctx, { sequenceBlockSize: options.sequenceBlockSize });
}

export function openSqliteStore(options: StoreOptions & SqliteOptions): Promise<SqlStore> {
  return openSqlStore(new SqliteDatabase(options), SQLITE_MIGRATIONS, options);
}

export function openPostgresStore(options: StoreOptions & PostgresOptions): Promise<SqlStore> {
  return openSqlStore(new PostgresDatabase(options), POSTGRES_MIGRATIONS, options);
}
