/**
 * The small SQL surface the store needs from a back end. Statements use `?` placeholders; the
 * PostgreSQL driver rewrites them to `$n`. Drivers report constraint violations as
 * SqlConstraintError so the store maps them the same way on both back ends.
 */
import type { ChangeGuard } from '../cache/change-guard.ts';
import type { CommitScope } from './commit-scope.ts';
import type { SavepointStack } from './savepoint-stack.ts';

export type SqlDialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | bigint | Uint8Array | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /**
   * Present when the executor opens savepoints lazily (savepoint-stack.ts; SQLite): nested
   * transactions then push and pop levels here instead of running SAVEPOINT statements, and every
   * statement that may write runs `beforeWrite()` first.
   */
  readonly savepoints?: SavepointStack;
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Present when the database can tell cheaply that nothing changed behind this connection
   * (cache/change-guard.ts; SQLite). The database invalidates it whenever it rolls back work or a
   * COMMIT fails, and on raw writes through `run`/`execScript`. Code that writes through
   * `transaction()` directly, bypassing the store, must call `invalidate()` itself.
   */
  readonly changeGuard?: ChangeGuard;
  /**
   * Runs `fn` in a write transaction that excludes every other write transaction on the database
   * (SQLite BEGIN IMMEDIATE; PostgreSQL: the driver runs `lockSql` right after BEGIN). Commits when
   * `fn` resolves (the commit is durable when the promise resolves), rolls back when it rejects.
   *
   * `scope` (commit-scope.ts) holds writes deferred to just before the COMMIT: the database
   * flushes it after `fn` resolves and before it commits; a flush that fails fails the transaction.
   * With `joinScope`, `fn` may share the scope with the other functions committed in the same
   * database transaction (SQLite group commit: the scope lives for the whole batch). Without it,
   * the database first writes and forgets what earlier functions left in the scope, so `fn` sees
   * every row as if each function had committed on its own.
   */
  transaction<T>(
    fn: (tx: SqlExecutor, scope: CommitScope) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /**
   * Runs `fn` on one consistent snapshot (reads only), so a row and its journal entry are read
   * together even while writers commit.
   */
  snapshot<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a multi-statement DDL script (migrations). */
  execScript(tx: SqlExecutor, script: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /** `fn` knows the commit scope: it may leave deferred writes in it and read those of others. */
  readonly joinScope?: boolean;
}

export type SqlConstraintKind = 'unique' | 'foreign-key' | 'check' | 'not-null';

export class SqlConstraintError extends Error {
  readonly kind: SqlConstraintKind;

  constructor(kind: SqlConstraintKind, cause: unknown) {
    super(`constraint violated: ${kind}`, { cause });
    this.name = 'SqlConstraintError';
    this.kind = kind;
  }
}
