/** StoreHarness for PostgreSQL: a fresh schema in a throwaway cluster per call. */
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../../integrity/record-sealer.ts';
import { openPostgresStore, openSqlStore } from '../open-store.ts';
import { POSTGRES_MIGRATIONS } from '../postgres/migrations/index.ts';
import { PostgresDatabase } from '../postgres/postgres-database.ts';
import type { SksStore } from '../store.ts';
import type { MakeStoreHarness, StoreHarness, StoreHarnessOptions } from './store-harness.ts';
import { testSealer } from './store-harness.ts';
import type { ThrowawayPostgres } from './throwaway-postgres.ts';

/** Returns a factory bound to a running cluster (started once per test file). */
export function postgresHarnessFactory(cluster: () => ThrowawayPostgres): MakeStoreHarness {
  let counter = 0;
  return async (options: StoreHarnessOptions = {}): Promise<StoreHarness> => {
    const connectionString = await cluster().createSchema(`store_${process.pid}_${++counter}`);
    const alarms: IntegrityAlarm[] = [];
    const sealer = testSealer();
    const opened: SksStore[] = [];
    const open = async (s: RecordSealer, schemaVersion?: number): Promise<SksStore> => {
      const storeOptions = {
        connectionString,
        sealer: s,
        onIntegrityAlarm: (a: IntegrityAlarm) => alarms.push(a),
      };
      const store =
        schemaVersion === undefined
          ? await openPostgresStore(storeOptions)
          : await openSqlStore(
              new PostgresDatabase(storeOptions),
              POSTGRES_MIGRATIONS.slice(0, schemaVersion),
              storeOptions,
            );
      opened.push(store);
      return store;
    };
    const store = await open(sealer, options.schemaVersion);
    const raw = new PostgresDatabase({ connectionString, maxConnections: 1 });
    return {
      store,
      raw,
      alarms,
      sealer,
      reopen: (s) => open(s ?? sealer),
      async close() {
        for (const s of opened) await s.close();
        await raw.close();
      },
    };
  };
}
