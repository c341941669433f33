/** StoreHarness for PostgreSQL: a fresh schema in a throwaway cluster per call. */
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../../integrity/record-sealer.ts';
import { openPostgresStore } from '../open-store.ts';
import { PostgresDatabase } from '../postgres/postgres-database.ts';
import type { SksStore } from '../store.ts';
import type { MakeStoreHarness, StoreHarness } from './store-harness.ts';
import { testSealer } from './store-harness.ts';
import type { ThrowawayPostgres } from './throwaway-postgres.ts';

/** Returns a factory bound to a running cluster (started once per test file). */
export function postgresHarnessFactory(cluster: () => ThrowawayPostgres): MakeStoreHarness {
  let counter = 0;
  return async (): Promise<StoreHarness> => {
    const connectionString = await cluster().createSchema(`store_${process.pid}_${++counter}`);
    const alarms: IntegrityAlarm[] = [];
    const sealer = testSealer();
    const opened: SksStore[] = [];
    const open = async (s: RecordSealer): Promise<SksStore> => {
      const store = await openPostgresStore({
        connectionString,
        sealer: s,
        onIntegrityAlarm: (a) => alarms.push(a),
      });
      opened.push(store);
      return store;
    };
    const store = await open(sealer);
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
