/**
 * Versioned migrations. `schema_version` lists the applied migrations; migrate() applies the
 * missing ones in order inside one write transaction (so concurrent callers serialise and a
 * failure leaves the schema unchanged). Running it again is a no-op. A database that has a
 * migration this code does not know is refused (STORE_MIGRATION): never run old code on a newer schema.
 */
import type { Migration } from './migration.ts';
import type { SqlDatabase, SqlExecutor } from './sql/sql-database.ts';
import { StoreError } from './store-error.ts';

export interface MigrationResult {
  /** Versions applied by this call (empty when the schema was current). */
  readonly applied: readonly number[];
  /** True when the database had no schema before this call. */
  readonly fresh: boolean;
  /** Schema version after the call. */
  readonly version: number;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new StoreError(
        'STORE_MIGRATION',
        `migration list out of order at ${m.version} (expected ${i + 1})`,
      );
  });
}

export async function migrate(
  db: SqlDatabase,
  migrations: readonly Migration[],
  now: () => Date = () => new Date(),
  /** Runs in the same transaction when the database was empty (creates initial sealed rows). */
  onFresh?: (tx: SqlExecutor) => Promise<void>,
): Promise<MigrationResult> {
  checkSequence(migrations);
  return db.transaction(async (tx) => {
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const present = (await tx.all('SELECT version FROM schema_version ORDER BY version')).map((r) =>
      Number(r.version),
    );
    present.forEach((v, i) => {
      if (v !== i + 1) throw new StoreError('STORE_MIGRATION', `schema_version has a gap before ${v}`);
    });
    if (present.length > migrations.length)
      throw new StoreError(
        'STORE_MIGRATION',
        `database schema version ${present.length} is newer than this code (${migrations.length})`,
      );
    const applied: number[] = [];
    for (const m of migrations.slice(present.length)) {
      await db.execScript(tx, m.sql);
      await tx.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        now().getTime(),
      ]);
      applied.push(m.version);
    }
    if (present.length === 0 && onFresh !== undefined) await onFresh(tx);
    return { applied, fresh: present.length === 0, version: migrations.length };
  });
}
