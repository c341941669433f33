import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type CommitScope, type DeferredWrite, ScopeKey } from '../sql/commit-scope.ts';
import { Mutex } from '../sql/mutex.ts';
import type { SqlExecutor } from '../sql/sql-database.ts';
import { type BatchConnection, GroupCommit } from './group-commit.ts';
import { SqliteDatabase } from './sqlite-database.ts';

/** A connection that records what a batch does, and can be told to fail its COMMIT. */
function recordingConnection(events: string[], options: { failCommit?: boolean } = {}): BatchConnection {
  let open = false;
  return {
    begin: () => {
      open = true;
      events.push('begin');
    },
    commit: () => {
      if (options.failCommit === true) throw new Error('disk full');
      open = false;
      events.push('commit');
    },
    rollback: () => {
      open = false;
      events.push('rollback');
    },
    savepoint: () => events.push('savepoint'),
    release: () => events.push('release'),
    rollbackTo: () => events.push('rollback-to'),
    inTransaction: () => open,
  };
}

function groupOf(connection: BatchConnection): GroupCommit<string> {
  const mutex = new Mutex();
  return new GroupCommit<string>(connection, 'executor', (batch) => mutex.run(batch));
}

describe('GroupCommit', () => {
  it('commits concurrent transactions once, and answers each only after that COMMIT', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events));
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        group
          .run(async (executor) => {
            events.push(`work ${n}`);
            await Promise.resolve();
            return `${executor} ${n}`;
          })
          .then((value) => {
            events.push(`resolved ${n}`);
            return value;
          }),
      ),
    );
    expect(results).toEqual(['executor 1', 'executor 2', 'executor 3']);
    expect(events.filter((e) => e === 'commit')).toHaveLength(1);
    const commit = events.indexOf('commit');
    for (const n of [1, 2, 3]) {
      expect(events.indexOf(`work ${n}`)).toBeLessThan(commit);
      expect(events.indexOf(`resolved ${n}`)).toBeGreaterThan(commit);
    }
  });

  it('rolls back only the savepoint of a transaction that fails', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events));
    const outcomes = await Promise.allSettled([
      group.run(() => Promise.resolve('a')),
      group.run(() => Promise.reject(new Error('item failed'))),
      group.run(() => Promise.resolve('c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual([
      'begin',
      'savepoint',
      'release',
      'savepoint',
      'rollback-to',
      'release',
      'savepoint',
      'release',
      'commit',
    ]);
  });

  it('fails every transaction of a batch whose COMMIT fails', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events, { failCommit: true }));
    const outcomes = await Promise.allSettled([
      group.run(() => Promise.resolve(1)),
      group.run(() => Promise.resolve(2)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(events.at(-1)).toBe('rollback');
  });

  it('never puts more than maxBatch transactions in one COMMIT, and runs them all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 }), async (n, max) => {
        const events: string[] = [];
        const mutex = new Mutex();
        const group = new GroupCommit<string>(recordingConnection(events), 'x', (b) => mutex.run(b), max);
        const values = await Promise.all(
          Array.from({ length: n }, (_, i) => group.run(() => Promise.resolve(i))),
        );
        expect(values).toEqual(Array.from({ length: n }, (_, i) => i));
        let inBatch = 0;
        for (const e of events) {
          if (e === 'begin') inBatch = 0;
          if (e === 'savepoint') inBatch += 1;
          expect(inBatch).toBeLessThanOrEqual(max);
        }
        expect(events.filter((e) => e === 'commit').length).toBe(Math.ceil(n / max));
      }),
      { numRuns: 50 },
    );
  });
});

/** A deferred write that records itself in `events` (as `flush <label>`), or fails. */
class DeferredEvent implements DeferredWrite {
  constructor(
    readonly label: string,
    readonly pending: boolean,
    private readonly events: string[],
    private readonly fails = false,
  ) {}
  flush(): Promise<DeferredEvent> {
    if (this.fails) return Promise.reject(new Error('deferred write failed'));
    this.events.push(`flush ${this.label}`);
    return Promise.resolve(new DeferredEvent(this.label, false, this.events));
  }
}
const HEAD = new ScopeKey<DeferredEvent>('head');

describe('GroupCommit commit scope', () => {
  const defer =
    (events: string[], label: string, options: { fail?: boolean; flushFails?: boolean } = {}) =>
    (_executor: string, scope: CommitScope): Promise<string> => {
      scope.set(HEAD, new DeferredEvent(label, true, events, options.flushFails));
      return options.fail === true ? Promise.reject(new Error(`${label} failed`)) : Promise.resolve(label);
    };

  it('writes the last deferred value once, after every transaction and before the COMMIT', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events));
    await Promise.all([
      group.run(defer(events, 'a'), true),
      group.run(defer(events, 'b'), true),
      group.run(defer(events, 'c'), true),
    ]);
    expect(events.filter((e) => e.startsWith('flush'))).toEqual(['flush c']);
    expect(events.indexOf('flush c')).toBe(events.indexOf('commit') - 1);
  });

  it('drops what a failed transaction deferred: the value before it is written', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events));
    const outcomes = await Promise.allSettled([
      group.run(defer(events, 'a'), true),
      group.run(defer(events, 'b', { fail: true }), true),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(events.filter((e) => e.startsWith('flush'))).toEqual(['flush a']);
  });

  it('writes and forgets deferred values before a transaction that does not join the scope', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events));
    let seen: unknown = 'not run';
    await Promise.all([
      group.run(defer(events, 'a'), true),
      group.run((_e, scope) => {
        events.push('raw work');
        seen = scope.get(HEAD);
        return Promise.resolve();
      }),
      group.run(defer(events, 'b'), true),
    ]);
    expect(seen).toBeUndefined();
    expect(events.filter((e) => e.startsWith('flush') || e === 'raw work')).toEqual([
      'flush a',
      'raw work',
      'flush b',
    ]);
    expect(events.filter((e) => e === 'commit')).toHaveLength(1);
  });

  it('fails the whole batch when a deferred write fails', async () => {
    const events: string[] = [];
    const group = groupOf(recordingConnection(events));
    const outcomes = await Promise.allSettled([
      group.run(() => Promise.resolve('plain'), true),
      group.run(defer(events, 'bad', { flushFails: true }), true),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(events).not.toContain('commit');
    expect(events.at(-1)).toBe('rollback');
  });
});

describe('SqliteDatabase with group commit', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function openDatabase(): Promise<SqliteDatabase> {
    dir = mkdtempSync(join(tmpdir(), 'sksml-group-commit-'));
    const db = new SqliteDatabase({ path: join(dir, 'db.sqlite') });
    await db.transaction((tx) => tx.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)'));
    return db;
  }

  const insert = (id: number) => async (tx: SqlExecutor) => {
    await tx.run('INSERT INTO t (id, v) VALUES (?, ?)', [id, `v${id}`]);
    return id;
  };

  it("keeps the others' work when one transaction of the batch fails after writing", async () => {
    const db = await openDatabase();
    try {
      const outcomes = await Promise.allSettled([
        db.transaction(insert(1)),
        db.transaction(async (tx) => {
          await insert(2)(tx);
          throw new Error('fails after its write');
        }),
        db.transaction(insert(3)),
        // A duplicate key fails inside SQLite: only its own statement and savepoint go.
        db.transaction(insert(1)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      const rows = await db.all('SELECT id FROM t ORDER BY id');
      expect(rows.map((r) => Number(r.id))).toEqual([1, 3]);
    } finally {
      await db.close();
    }
  });

  it('shows a later transaction the committed state of earlier ones', async () => {
    const db = await openDatabase();
    try {
      const counts = await Promise.all(
        [1, 2, 3, 4].map((id) =>
          db.transaction(async (tx) => {
            await insert(id)(tx);
            const [row] = await tx.all('SELECT COUNT(*) AS n FROM t');
            return Number(row?.n);
          }),
        ),
      );
      expect(counts).toEqual([1, 2, 3, 4]);
    } finally {
      await db.close();
    }
  });
});
