import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SavepointStack, type SavepointStatements } from './savepoint-stack.ts';

/** A program: writes, and nested levels that either keep their work or are rolled back. */
type Step =
  | { readonly kind: 'write'; readonly value: number }
  | { readonly kind: 'level'; readonly steps: readonly Step[]; readonly rollback: boolean };

const program: fc.Arbitrary<readonly Step[]> = fc.letrec<{ steps: readonly Step[]; step: Step }>((tie) => ({
  steps: fc.array(tie('step'), { maxLength: 5 }),
  step: fc.oneof(
    { depthSize: 'small' },
    fc.record({ kind: fc.constant('write' as const), value: fc.integer({ min: 0, max: 999 }) }),
    fc.record({ kind: fc.constant('level' as const), steps: tie('steps'), rollback: fc.boolean() }),
  ),
})).steps;

function openDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (n INTEGER NOT NULL, v INTEGER NOT NULL)');
  return db;
}

/** Statements run by the stack, recorded as text. */
function recordingStatements(db: Database.Database, log: string[]): SavepointStatements {
  const exec = (sql: string) => {
    log.push(sql);
    db.exec(sql);
  };
  return {
    save: (d) => exec(`SAVEPOINT lazy_${d}`),
    release: (d) => exec(`RELEASE SAVEPOINT lazy_${d}`),
    rollbackTo: (d) => exec(`ROLLBACK TO SAVEPOINT lazy_${d}`),
  };
}

/** The plain scheme: one SAVEPOINT per level, opened at once. Returns the statements run. */
function runEager(db: Database.Database, steps: readonly Step[]): number {
  let n = 0;
  let depth = 0;
  let statements = 0;
  const walk = (list: readonly Step[]) => {
    for (const step of list) {
      if (step.kind === 'write') db.prepare('INSERT INTO t VALUES (?, ?)').run(++n, step.value);
      else {
        const name = `eager_${++depth}`;
        db.exec(`SAVEPOINT ${name}`);
        statements += 1;
        walk(step.steps);
        if (step.rollback) {
          db.exec(`ROLLBACK TO SAVEPOINT ${name}`);
          statements += 1;
        }
        db.exec(`RELEASE SAVEPOINT ${name}`);
        statements += 1;
        depth -= 1;
      }
    }
  };
  db.exec('BEGIN');
  walk(steps);
  db.exec('COMMIT');
  return statements;
}

function runLazy(db: Database.Database, steps: readonly Step[], log: string[]): void {
  const stack = new SavepointStack(recordingStatements(db, log));
  let n = 0;
  const walk = (list: readonly Step[]) => {
    for (const step of list) {
      if (step.kind === 'write') {
        stack.beforeWrite();
        db.prepare('INSERT INTO t VALUES (?, ?)').run(++n, step.value);
      } else {
        const level = stack.push();
        walk(step.steps);
        if (step.rollback) stack.rollbackTo(level);
        stack.release(level);
      }
    }
  };
  db.exec('BEGIN');
  walk(steps);
  expect(stack.depth).toBe(0);
  stack.reset();
  db.exec('COMMIT');
}

const rows = (db: Database.Database) => db.prepare('SELECT n, v FROM t ORDER BY n').all();

describe('SavepointStack', () => {
  it('commits exactly the rows one eager SAVEPOINT per level commits, with no more statements (property)', () => {
    fc.assert(
      fc.property(program, (steps) => {
        const eager = openDb();
        const lazy = openDb();
        const log: string[] = [];
        const eagerStatements = runEager(eager, steps);
        runLazy(lazy, steps, log);
        expect(rows(lazy)).toEqual(rows(eager));
        expect(log.length).toBeLessThanOrEqual(eagerStatements);
      }),
      { numRuns: 500 },
    );
  });

  it('gives levels opened with nothing written between them one savepoint', () => {
    const db = openDb();
    const log: string[] = [];
    const stack = new SavepointStack(recordingStatements(db, log));
    db.exec('BEGIN');
    const outer = stack.push();
    const inner = stack.push();
    const innermost = stack.push();
    stack.release(innermost);
    expect(log).toEqual([]);
    stack.beforeWrite();
    db.exec('INSERT INTO t VALUES (1, 1)');
    expect(log).toEqual(['SAVEPOINT lazy_1']);
    expect(inner.savepoint).toBe(1);
    expect(outer.savepoint).toBe(1);
    // The inner level rolls back to the shared savepoint and keeps it for the outer level.
    stack.rollbackTo(inner);
    stack.release(inner);
    expect(rows(db)).toEqual([]);
    stack.beforeWrite();
    db.exec('INSERT INTO t VALUES (2, 2)');
    const later = stack.push();
    stack.beforeWrite();
    db.exec('INSERT INTO t VALUES (3, 3)');
    stack.rollbackTo(later);
    stack.release(later);
    stack.release(outer);
    db.exec('COMMIT');
    expect(rows(db)).toEqual([{ n: 2, v: 2 }]);
    expect(log).toEqual([
      'SAVEPOINT lazy_1',
      'ROLLBACK TO SAVEPOINT lazy_1',
      'SAVEPOINT lazy_2',
      'ROLLBACK TO SAVEPOINT lazy_2',
      'RELEASE SAVEPOINT lazy_2',
      'RELEASE SAVEPOINT lazy_1',
    ]);
  });

  it('runs no statement for a level rolled back before anything was written in it', () => {
    const db = openDb();
    const log: string[] = [];
    const stack = new SavepointStack(recordingStatements(db, log));
    db.exec('BEGIN');
    db.exec('INSERT INTO t VALUES (1, 1)');
    const level = stack.push();
    stack.rollbackTo(level);
    stack.release(level);
    db.exec('COMMIT');
    expect(log).toEqual([]);
    expect(rows(db)).toEqual([{ n: 1, v: 1 }]);
  });

  it('refuses to close a level that is not the innermost', () => {
    const stack = new SavepointStack({ save() {}, release() {}, rollbackTo() {} });
    const outer = stack.push();
    stack.push();
    expect(() => stack.release(outer)).toThrow(/innermost/);
    expect(() => stack.rollbackTo(outer)).toThrow(/innermost/);
  });

  it('leaves the levels without a savepoint when SAVEPOINT fails, and closes a level whose RELEASE fails', () => {
    let failSave = true;
    const released: number[] = [];
    const stack = new SavepointStack({
      save() {
        if (failSave) throw new Error('disk I/O error');
      },
      release(depth) {
        released.push(depth);
        throw new Error('no transaction');
      },
      rollbackTo() {},
    });
    const level = stack.push();
    expect(() => stack.beforeWrite()).toThrow('disk I/O error');
    expect(level.savepoint).toBe(0);
    failSave = false;
    stack.beforeWrite();
    expect(level.savepoint).toBe(1);
    expect(() => stack.release(level)).toThrow('no transaction');
    expect(released).toEqual([1]);
    expect(stack.depth).toBe(0);
  });
});
