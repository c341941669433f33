/**
 * PostgreSQL back end (pg Pool). Write transactions take one transaction-scoped advisory lock, so
 * they are serialised exactly like SQLite's BEGIN IMMEDIATE. Durability: COMMIT returns after
 * the WAL record is flushed (synchronous_commit=on, the server default; spec/store.md).
 */
import pg from 'pg';
import { CommitScope } from '../sql/commit-scope.ts';
import {
  type SqlConstraintKind,
  SqlConstraintError,
  type SqlDatabase,
  type SqlExecutor,
  type SqlRow,
  type SqlValue,
} from '../sql/sql-database.ts';

export interface PostgresOptions {
  readonly connectionString: string;
  /** Pool size (default 4). */
  readonly maxConnections?: number;
}

/** Key of the advisory lock that serialises write transactions (arbitrary, fixed). */
const WRITE_LOCK_KEY = 0x534b53; // 'SKS'

const CONSTRAINT_CODES: Record<string, SqlConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreign-key',
  '23514': 'check',
  '23502': 'not-null',
};

/** Rewrites `?` placeholders to `$1`, `$2`, ... (the store's SQL has no `?` inside literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function toPg(value: SqlValue): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function translate(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' ? CONSTRAINT_CODES[code] : undefined;
  if (kind !== undefined) return new SqlConstraintError(kind, error);
  return error instanceof Error ? error : new Error(String(error));
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;

  constructor(private readonly target: Queryable) {}

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    try {
      const result = await this.target.query(numberPlaceholders(sql), params.map(toPg));
      return result.rows as SqlRow[];
    } catch (error) {
      throw translate(error);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    try {
      const result = await this.target.query(numberPlaceholders(sql), params.map(toPg));
      return result.rowCount ?? 0;
    } catch (error) {
      throw translate(error);
    }
  }
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly executor: PostgresExecutor;

  constructor(options: PostgresOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 4 });
    // An idle connection that dies (server restart) must not crash the process; the next query fails instead.
    this.pool.on('error', () => undefined);
    this.executor = new PostgresExecutor(this.pool);
  }

  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    return this.executor.all(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.executor.run(sql, params);
  }

  /** Each transaction commits on its own, so its commit scope is its own too (flushed before COMMIT). */
  async transaction<T>(fn: (tx: SqlExecutor, scope: CommitScope) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let destroy = false;
    try {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
        const scope = new CommitScope();
        const result = await fn(new PostgresExecutor(client), scope);
        await scope.flush();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          destroy = true;
        });
        throw error;
      }
    } catch (error) {
      destroy ||= !(error instanceof Error) || !('code' in error);
      throw error;
    } finally {
      client.release(destroy);
    }
  }

  async snapshot<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let destroy = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const result = await fn(new PostgresExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          destroy = true;
        });
        throw error;
      }
    } finally {
      client.release(destroy);
    }
  }

  async execScript(tx: SqlExecutor, script: string): Promise<void> {
    await tx.run(script);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
