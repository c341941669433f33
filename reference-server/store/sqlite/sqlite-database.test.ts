import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from './sqlite-database.ts';

async function withDb<T>(groupCommit: boolean, fn: (db: SqliteDatabase) => Promise<T>): Promise<T> {
  const db = new SqliteDatabase({ path: ':memory:', groupCommit });
  try {
    await db.execScript(db, 'CREATE TABLE t (n INTEGER NOT NULL, b BLOB)');
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('SqliteDatabase', () => {
  it('binds a Uint8Array view as exactly the bytes it views', async () => {
    await withDb(false, async (db) => {
      const backing = Uint8Array.of(9, 1, 2, 3, 9);
      await db.run('INSERT INTO t (n, b) VALUES (?, ?)', [1, backing.subarray(1, 4)]);
      await db.run('INSERT INTO t (n, b) VALUES (?, ?)', [2, Buffer.from([4, 5])]);
      await db.run('INSERT INTO t (n, b) VALUES (?, ?)', [3, new Uint8Array(0)]);
      const rows = await db.all('SELECT n, hex(b) AS b FROM t ORDER BY n');
      expect(rows).toEqual([
        { n: 1, b: '010203' },
        { n: 2, b: '0405' },
        { n: 3, b: '' },
      ]);
    });
  });

  for (const groupCommit of [true, false])
    it(`nests a savepoint a caller opens itself inside the lazily opened ones (group commit ${groupCommit ? 'on' : 'off'})`, async () => {
      await withDb(groupCommit, async (db) => {
        await db.transaction(async (tx) => {
          const savepoints = tx.savepoints!;
          await tx.run('INSERT INTO t (n) VALUES (1)');
          const level = savepoints.push();
          // A SAVEPOINT statement of the caller's own: the level gets its savepoint before it.
          await tx.run('SAVEPOINT mine');
          await tx.run('INSERT INTO t (n) VALUES (2)');
          await tx.run('RELEASE SAVEPOINT mine');
          await tx.run('INSERT INTO t (n) VALUES (3)');
          savepoints.rollbackTo(level);
          savepoints.release(level);
          await tx.run('INSERT INTO t (n) VALUES (4)');
        });
        expect(await db.all('SELECT n FROM t ORDER BY n')).toEqual([{ n: 1 }, { n: 4 }]);
      });
    });

  it('opens no savepoint for a level that only reads', async () => {
    await withDb(false, async (db) => {
      await db.transaction(async (tx) => {
        const savepoints = tx.savepoints!;
        const level = savepoints.push();
        await tx.all('SELECT count(*) AS c FROM t');
        expect(level.savepoint).toBe(0);
        await tx.run('INSERT INTO t (n) VALUES (1)');
        expect(level.savepoint).toBe(1);
        savepoints.release(level);
      });
    });
  });
});
