/**
 * SQLite back end (better-sqlite3, synchronous calls behind an async interface). One connection
 * per store; a mutex serialises transactions so async callers cannot interleave statements into
 * another caller's transaction; concurrent write transactions are batched into one COMMIT (group
 * commit, each in its own savepoint). Durability: WAL with synchronous=FULL, so COMMIT returns only
 * after the WAL is fsync'ed, and no transaction resolves before its COMMIT (spec/store.md §9).
 */
import Database from 'better-sqlite3';
import { ChangeGuard } from '../cache/change-guard.ts';
import { Mutex } from '../sql/mutex.ts';
import { GroupCommit } from './group-commit.ts';
import { CommitScope } from '../sql/commit-scope.ts';
import { type SavepointLevel, SavepointStack, type SavepointStatements } from '../sql/savepoint-stack.ts';
import {
  type SqlConstraintKind,
  SqlConstraintError,
  type SqlDatabase,
  type SqlExecutor,
  type SqlRow,
  type SqlValue,
  type TransactionOptions,
} from '../sql/sql-database.ts';

export interface SqliteOptions {
  /** File path, or ':memory:' (tests only: not durable). */
  readonly path: string;
  /** Default 'FULL'. 'NORMAL' loses the last commits on power failure; only for benchmarks. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs?: number;
  /**
   * Default true: concurrent write transactions share one COMMIT (group-commit.ts); each still
   * resolves only after that COMMIT has returned. False: one COMMIT per transaction.
   */
  readonly groupCommit?: boolean;
}

const CONSTRAINT_CODES: Record<string, SqlConstraintKind> = {
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not-null',
};

/**
 * Parameters are bound from the caller's array as it is: better-sqlite3 takes an array of
 * anonymous parameters, and binds any Uint8Array (not only a Buffer) as a BLOB of exactly the
 * bytes it views (byteOffset and byteLength respected; sqlite-database.test.ts checks both).
 */
const NO_PARAMS: readonly SqlValue[] = [];

function translate(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' ? CONSTRAINT_CODES[code] : undefined;
  if (kind !== undefined) return new SqlConstraintError(kind, error);
  return error instanceof Error ? error : new Error(String(error));
}

/** The prepared statements of the savepoints at each depth (names are reused by depth). */
function savepointStatements(db: Database.Database): SavepointStatements {
  const byDepth: { save: Database.Statement; release: Database.Statement; rollbackTo: Database.Statement }[] =
    [];
  const at = (depth: number) =>
    (byDepth[depth] ??= {
      save: db.prepare(`SAVEPOINT sksml_level_${depth}`),
      release: db.prepare(`RELEASE SAVEPOINT sksml_level_${depth}`),
      rollbackTo: db.prepare(`ROLLBACK TO SAVEPOINT sksml_level_${depth}`),
    });
  return {
    save: (depth) => void at(depth).save.run(),
    release: (depth) => void at(depth).release.run(),
    rollbackTo: (depth) => void at(depth).rollbackTo.run(),
  };
}

/**
 * Whether a statement must find the open savepoint levels marked before it runs: anything but a
 * query that only reads. SQLite reports transaction control (SAVEPOINT, RELEASE, ROLLBACK TO) as
 * read-only, yet a savepoint a caller opens itself must nest inside the levels' savepoints, so
 * only statements that both read-only and return rows skip it.
 */
function mayWrite(stmt: Database.Statement): boolean {
  return !(stmt.readonly && stmt.reader);
}

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * The savepoints of the connection's current write transaction (sql/savepoint-stack.ts). One
   * per connection is enough: the mutex lets one transaction at a time use the connection.
   */
  readonly savepoints: SavepointStack;

  constructor(readonly db: Database.Database) {
    this.savepoints = new SavepointStack(savepointStatements(db));
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all(sql: string, params: readonly SqlValue[] = NO_PARAMS): Promise<SqlRow[]> {
    try {
      const stmt = this.prepare(sql);
      if (mayWrite(stmt)) this.savepoints.beforeWrite();
      return Promise.resolve(stmt.all(params) as SqlRow[]);
    } catch (error) {
      return Promise.reject(translate(error));
    }
  }

  run(sql: string, params: readonly SqlValue[] = NO_PARAMS): Promise<number> {
    try {
      const stmt = this.prepare(sql);
      if (mayWrite(stmt)) this.savepoints.beforeWrite();
      return Promise.resolve(stmt.run(params).changes);
    } catch (error) {
      return Promise.reject(translate(error));
    }
  }
}

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly executor: SqliteExecutor;
  private readonly mutex = new Mutex();
  private readonly groupCommit: GroupCommit<SqlExecutor> | undefined;
  private closed = false;
  /**
   * PRAGMA data_version changes exactly when this connection sees another connection's commit;
   * this connection's own rollbacks and failed commits invalidate the guard (spec/store.md §6.2).
   */
  readonly changeGuard: ChangeGuard;

  constructor(options: SqliteOptions) {
    this.db = new Database(options.path);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('foreign_keys = ON');
    this.executor = new SqliteExecutor(this.db);
    const dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    // While this connection holds the write lock no other connection can commit, so the version
    // read once inside a write transaction holds until it ends (`inWrite` is cleared at its end).
    let inWrite = false;
    let versionInWrite: number | undefined;
    const endWrite = (): void => {
      inWrite = false;
      versionInWrite = undefined;
    };
    this.changeGuard = new ChangeGuard(() => {
      if (!inWrite || !this.db.inTransaction) return dataVersion.get() as number;
      return (versionInWrite ??= dataVersion.get() as number);
    });
    if (options.groupCommit !== false) {
      const db = this.db;
      const guard = this.changeGuard;
      const statement = (sql: string): (() => void) => {
        const prepared = db.prepare(sql);
        return () => void prepared.run();
      };
      const begin = statement('BEGIN IMMEDIATE');
      const commit = statement('COMMIT');
      const rollback = statement('ROLLBACK');
      const savepoints = this.executor.savepoints;
      // The batch's savepoint for the closure being run: a level of the connection's savepoint
      // stack, which the closure's nested store transactions share when nothing was written between.
      const batchLevels: SavepointLevel[] = [];
      this.groupCommit = new GroupCommit<SqlExecutor>(
        {
          begin: () => {
            savepoints.reset();
            batchLevels.length = 0;
            begin();
            inWrite = true;
          },
          commit: () => {
            endWrite();
            savepoints.reset();
            commit();
          },
          rollback: () => {
            endWrite();
            savepoints.reset();
            rollback();
          },
          savepoint: () => void batchLevels.push(savepoints.push()),
          release: () => savepoints.release(batchLevels.pop()!),
          rollbackTo: () => savepoints.rollbackTo(batchLevels[batchLevels.length - 1]!),
          inTransaction: () => db.inTransaction,
          failed: () => {
            if (!db.inTransaction) endWrite();
            guard.invalidate();
          },
        },
        this.executor,
        (batch) => this.mutex.run(batch),
      );
    }
  }

  /** The value SQLite reports for a pragma (tests check the durability settings). */
  pragma(name: 'journal_mode' | 'synchronous' | 'foreign_keys'): unknown {
    return this.db.pragma(name, { simple: true });
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.mutex.run(() => this.executor.all(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    // A raw statement on the store's own connection: nothing cached can be trusted after it.
    this.changeGuard.invalidate();
    return this.mutex.run(() => this.executor.run(sql, params)).finally(() => this.changeGuard.invalidate());
  }

  transaction<T>(
    fn: (tx: SqlExecutor, scope: CommitScope) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    if (this.groupCommit !== undefined) return this.groupCommit.run(fn, options?.joinScope === true);
    return this.mutex.run(async () => {
      const savepoints = this.executor.savepoints;
      savepoints.reset();
      this.db.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        const scope = new CommitScope();
        result = await fn(this.executor, scope);
        await scope.flush();
      } catch (error) {
        this.changeGuard.invalidate();
        savepoints.reset();
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
      savepoints.reset();
      try {
        this.db.exec('COMMIT');
      } catch (error) {
        this.changeGuard.invalidate();
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
      return result;
    });
  }

  snapshot<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // The mutex keeps this connection's own writers out; a read transaction (WAL snapshot) keeps
    // other processes' commits out until it ends.
    return this.mutex.run(async () => {
      this.db.exec('BEGIN DEFERRED');
      try {
        return await fn(this.executor);
      } finally {
        if (this.db.inTransaction) this.db.exec('COMMIT');
      }
    });
  }

  execScript(_tx: SqlExecutor, script: string): Promise<void> {
    this.changeGuard.invalidate();
    this.executor.savepoints.beforeWrite();
    this.db.exec(script);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.mutex.run(() => {
      if (!this.closed) {
        this.closed = true;
        this.db.close();
      }
      return Promise.resolve();
    });
  }
}
