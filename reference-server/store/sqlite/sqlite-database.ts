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

function toSqlite(value: SqlValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

function translate(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' ? CONSTRAINT_CODES[code] : undefined;
  if (kind !== undefined) return new SqlConstraintError(kind, error);
  return error instanceof Error ? error : new Error(String(error));
}

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    try {
      return Promise.resolve(this.prepare(sql).all(...params.map(toSqlite)) as SqlRow[]);
    } catch (error) {
      return Promise.reject(translate(error));
    }
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    try {
      return Promise.resolve(this.prepare(sql).run(...params.map(toSqlite)).changes);
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
      const savepoints = new Map<string, { save: () => void; release: () => void; rollbackTo: () => void }>();
      const savepoint = (name: string) => {
        let s = savepoints.get(name);
        if (s === undefined) {
          s = {
            save: statement(`SAVEPOINT ${name}`),
            release: statement(`RELEASE SAVEPOINT ${name}`),
            rollbackTo: statement(`ROLLBACK TO SAVEPOINT ${name}`),
          };
          savepoints.set(name, s);
        }
        return s;
      };
      this.groupCommit = new GroupCommit<SqlExecutor>(
        {
          begin: () => {
            begin();
            inWrite = true;
          },
          commit: () => {
            endWrite();
            commit();
          },
          rollback: () => {
            endWrite();
            rollback();
          },
          savepoint: (name) => savepoint(name).save(),
          release: (name) => savepoint(name).release(),
          rollbackTo: (name) => savepoint(name).rollbackTo(),
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
      this.db.exec('BEGIN IMMEDIATE');
      let result: T;
      try {
        const scope = new CommitScope();
        result = await fn(this.executor, scope);
        await scope.flush();
      } catch (error) {
        this.changeGuard.invalidate();
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
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
