import { describe, expect, it } from 'vitest';
import { describeStoreContract } from './testing/store-contract.ts';
import { makeSqliteHarness } from './testing/sqlite-harness.ts';
import type { SqliteDatabase } from './sqlite/sqlite-database.ts';

describeStoreContract('SQLite', makeSqliteHarness);

describe('SQLite durability settings', () => {
  it('runs in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const h = await makeSqliteHarness();
    try {
      const db = h.raw as SqliteDatabase;
      expect(db.pragma('journal_mode')).toBe('wal');
      expect(db.pragma('synchronous')).toBe(2); // FULL
      expect(db.pragma('foreign_keys')).toBe(1);
    } finally {
      await h.close();
    }
  });
});
