/**
 * Taps on a SQL store's own connection, for tests: see the statements its transactions run, or
 * make a COMMIT fail. Each replaces a method of the store's SqlDatabase in place.
 */
import type { CommitScope } from '../sql/commit-scope.ts';
import type { SqlExecutor, TransactionOptions } from '../sql/sql-database.ts';
import type { SqlStore } from '../sql-store.ts';
import type { SksStore } from '../store.ts';

/**
 * Calls `onStatement` with the SQL of every statement later run by the store's write transactions
 * (and read snapshots, with `snapshots`). The executor those transactions get is a plain one,
 * without the connection's savepoint stack, so nested store transactions open their SAVEPOINT at
 * once instead of lazily (sql/savepoint-stack.ts); with a no-op `onStatement` that is all it does.
 */
export function watchStatements(
  store: SksStore,
  onStatement: (sql: string) => void,
  options: { readonly snapshots?: boolean } = {},
): void {
  const db = (store as SqlStore).database;
  const wrap = (tx: SqlExecutor): SqlExecutor => ({
    dialect: tx.dialect,
    all: (sql, params) => (onStatement(sql), tx.all(sql, params)),
    run: (sql, params) => (onStatement(sql), tx.run(sql, params)),
  });
  const transaction = db.transaction.bind(db);
  db.transaction = <T>(
    fn: (tx: SqlExecutor, scope: CommitScope) => Promise<T>,
    transactionOptions?: TransactionOptions,
  ): Promise<T> => transaction((tx, scope) => fn(wrap(tx), scope), transactionOptions);
  if (options.snapshots === true) {
    const snapshot = db.snapshot.bind(db);
    db.snapshot = <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> => snapshot((tx) => fn(wrap(tx)));
  }
}

/** Makes the next write transaction of `store` fail after its function resolved (a failed COMMIT). */
export function failNextCommit(store: SksStore): void {
  const db = (store as SqlStore).database;
  const transaction = db.transaction.bind(db);
  db.transaction = <T>(
    fn: (tx: SqlExecutor, scope: CommitScope) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> => {
    db.transaction = transaction;
    return transaction(async (tx, scope) => {
      await fn(tx, scope);
      throw new Error('COMMIT failed');
    }, options);
  };
}
