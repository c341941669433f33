/** StoreHarness for SQLite: a fresh database file in a temp directory per call. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../../integrity/record-sealer.ts';
import { openSqliteStore, openSqlStore } from '../open-store.ts';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations/index.ts';
import { SqliteDatabase } from '../sqlite/sqlite-database.ts';
import type { SksStore } from '../store.ts';
import { type StoreHarness, type StoreHarnessOptions, testSealer } from './store-harness.ts';

export async function makeSqliteHarness(options: StoreHarnessOptions = {}): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-store-'));
  const path = join(dir, 'store.db');
  const alarms: IntegrityAlarm[] = [];
  const sealer = testSealer();
  const opened: SksStore[] = [];
  const open = async (s: RecordSealer, schemaVersion?: number): Promise<SksStore> => {
    const storeOptions = { path, sealer: s, onIntegrityAlarm: (a: IntegrityAlarm) => alarms.push(a) };
    const store =
      schemaVersion === undefined
        ? await openSqliteStore(storeOptions)
        : await openSqlStore(
            new SqliteDatabase(storeOptions),
            SQLITE_MIGRATIONS.slice(0, schemaVersion),
            storeOptions,
          );
    opened.push(store);
    return store;
  };
  const store = await open(sealer, options.schemaVersion);
  const raw = new SqliteDatabase({ path });
  return {
    store,
    raw,
    alarms,
    sealer,
    reopen: (s) => open(s ?? sealer),
    async close() {
      for (const s of opened) await s.close();
      await raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
