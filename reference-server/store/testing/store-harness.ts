/**
 * What the shared contract tests need from a back end: a fresh store, raw SQL access to the same
 * database (for tampering), the alarms raised, and a way to reopen the store.
 */
import { randomBytes } from 'node:crypto';
import type { IntegrityAlarm } from '../../integrity/integrity-alarm.ts';
import { createHmacSealer } from '../../integrity/hmac-sealer.ts';
import type { RecordSealer } from '../../integrity/record-sealer.ts';
import type { SqlDatabase } from '../sql/sql-database.ts';
import type { SksStore } from '../store.ts';

export interface StoreHarness {
  readonly store: SksStore;
  /** A second connection to the same database, bypassing the store (the attacker's view). */
  readonly raw: SqlDatabase;
  /** Every alarm the store raised, in order. */
  readonly alarms: IntegrityAlarm[];
  readonly sealer: RecordSealer;
  /** Opens another store on the same database (same sealer unless one is given; alarms go to `alarms`). */
  reopen(sealer?: RecordSealer): Promise<SksStore>;
  close(): Promise<void>;
}

export interface StoreHarnessOptions {
  /**
   * Make the database with only the first `schemaVersion` migrations, as an older version of the
   * server left it; `store` then runs on that schema and `reopen()` applies the rest.
   */
  readonly schemaVersion?: number;
}

export type MakeStoreHarness = (options?: StoreHarnessOptions) => Promise<StoreHarness>;

export function testSealer(): RecordSealer {
  return createHmacSealer({ keyId: 'test-1', key: randomBytes(32) });
}
