/**
 * Reads and writes sealed rows. Writes seal the row's canonical encoding and journal the new
 * version; reads verify the seal and the journal before a row leaves this module. A row that
 * fails either check raises the integrity alarm and is never returned.
 */
import { hashEntry, sameBytes } from '../integrity/hash-chain.ts';
import { JournalWriter, latestJournalEntry } from './journal.ts';
import { CommitScope } from './sql/commit-scope.ts';
import { encodeRow, isColumnValue, normalizeColumn, primaryKeyText, type RowValues } from './row-codec.ts';
import { SqlConstraintError, type SqlExecutor, type SqlValue } from './sql/sql-database.ts';
import type { StoreContext } from './store-context.ts';
import { StoreError } from './store-error.ts';
import type { SharedStoreState, WriteState } from './store-state.ts';
import type { TableSpec } from './tables.ts';

export interface VerifiedRow {
  readonly values: RowValues;
  readonly version: number;
}

/** The SQL text of a table's statements, built once per table spec (specs are constants). */
interface TableSql {
  /** The data columns, version and seal, for a SELECT list. */
  readonly columns: string;
  readonly pkWhere: string;
  /** Parameters: the data columns, version, seal. */
  readonly insert: string;
  /** Parameters: the data columns, version, seal, the primary key, the previous version. */
  readonly update: string;
}

const tableSql = new WeakMap<TableSpec, TableSql>();

function sqlOf(spec: TableSpec): TableSql {
  let sql = tableSql.get(spec);
  if (sql === undefined) {
    const names = [...spec.columns.map((c) => c.name), 'version', 'seal'];
    const pkWhere = spec.primaryKey.map((c) => `${c} = ?`).join(' AND ');
    sql = {
      columns: names.join(', '),
      pkWhere,
      insert: `INSERT INTO ${spec.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      update: `UPDATE ${spec.name} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE ${pkWhere} AND version = ?`,
    };
    tableSql.set(spec, sql);
  }
  return sql;
}

function pkParams(spec: TableSpec, values: RowValues): SqlValue[] {
  return spec.primaryKey.map((c) => values[c] ?? null);
}

/** Maps a constraint violation to the store's error codes; other errors pass through. */
function storeErrorOf(error: unknown, spec: TableSpec, values: RowValues): unknown {
  if (!(error instanceof SqlConstraintError)) return error;
  const what = `${spec.name} ${primaryKeyText(spec, values)}`;
  if (error.kind === 'unique')
    return new StoreError('STORE_CONFLICT', `${what} conflicts with an existing row`);
  if (error.kind === 'foreign-key')
    return new StoreError(
      'STORE_NOT_FOUND',
      `${what} refers to a client, key class or key that does not exist`,
    );
  return new StoreError('STORE_INVALID_VALUE', `${what} violates a ${error.kind} constraint`);
}

/** The store's memory (caches, sequence blocks) and, in a write transaction, its bookkeeping. */
export interface RowsSession {
  readonly shared: SharedStoreState;
  readonly write?: WriteState;
}

export class SealedRows {
  /** Journals this handle's row writes; made at the first write. */
  private journalWriter: JournalWriter | undefined;
  /** The commit scope when this handle was made outside a store write transaction (tests, tools). */
  private ownScope: CommitScope | undefined;

  constructor(
    readonly exec: SqlExecutor,
    readonly ctx: StoreContext,
    readonly session?: RowsSession,
  ) {}

  private journal(): JournalWriter {
    if (this.journalWriter === undefined) {
      const scope = this.session?.write?.scope ?? (this.ownScope = new CommitScope());
      this.journalWriter = new JournalWriter(this.exec, this.ctx, scope, this.session?.shared.journalHead);
    }
    return this.journalWriter;
  }

  /**
   * For a handle made outside a store write transaction: inserts the buffered journal entries and
   * writes the journal head, before the caller's transaction commits. (Inside a store transaction
   * the head is written by the database, once per commit: sql/commit-scope.ts.)
   */
  async flushJournal(): Promise<void> {
    await this.flushJournalEntries();
    await this.ownScope?.flush();
  }

  /** Inserts the journal entries buffered so far (before a read, a savepoint, or the end of the work). */
  async flushJournalEntries(): Promise<void> {
    if (this.journalWriter?.hasBuffered === true) await this.journalWriter.flushEntries();
  }

  /**
   * A savepoint opened (with no entry buffered: `flushJournalEntries` runs first) is being rolled
   * back: the entries buffered inside it go with it. The head goes back with the commit scope.
   */
  dropJournalEntries(): void {
    this.journalWriter?.dropBuffered();
  }

  /** Verifies one raw row; returns its canonical values or fails (alarm + IntegrityError). */
  async verify(spec: TableSpec, raw: Record<string, unknown>): Promise<VerifiedRow> {
    const pk = primaryKeyText(spec, raw);
    const values: Record<string, string | number | Uint8Array | null> = {};
    for (const column of spec.columns) {
      const value = normalizeColumn(column, raw[column.name]);
      if (value === undefined)
        return this.ctx.fail({ table: spec.name, primaryKey: pk, reason: 'malformed' });
      values[column.name] = value;
    }
    const version = normalizeColumn({ name: 'version', kind: 'int' }, raw.version);
    const seal = normalizeColumn({ name: 'seal', kind: 'bytes' }, raw.seal);
    if (typeof version !== 'number' || !(seal instanceof Uint8Array))
      return this.ctx.fail({ table: spec.name, primaryKey: pk, reason: 'malformed' });
    const encoded = encodeRow(spec, values, version);
    if (!(await this.ctx.sealer.verify(encoded, seal)))
      return this.ctx.fail({ table: spec.name, primaryKey: pk, reason: 'bad-seal' });
    const entry = await latestJournalEntry(this.exec, this.ctx, spec.name, pk);
    if (entry === undefined)
      return this.ctx.fail({ table: spec.name, primaryKey: pk, reason: 'not-journaled' });
    if (entry.version !== version || !sameBytes(entry.rowDigest, hashEntry(encoded)))
      return this.ctx.fail({ table: spec.name, primaryKey: pk, reason: 'stale-version' });
    return { values, version };
  }

  /** Rows matching `where` (SQL with `?` placeholders), each verified. */
  async select(
    spec: TableSpec,
    where: string,
    params: readonly SqlValue[],
    orderBy?: string,
  ): Promise<VerifiedRow[]> {
    await this.flushJournalEntries();
    const rows = await this.exec.all(
      `SELECT ${sqlOf(spec).columns} FROM ${spec.name} WHERE ${where}${orderBy ? ` ORDER BY ${orderBy}` : ''}`,
      params,
    );
    const out: VerifiedRow[] = [];
    for (const raw of rows) out.push(await this.verify(spec, raw));
    return out;
  }

  async selectByKey(spec: TableSpec, key: RowValues): Promise<VerifiedRow | undefined> {
    const [row] = await this.select(spec, sqlOf(spec).pkWhere, pkParams(spec, key));
    return row;
  }

  async exists(spec: TableSpec, key: RowValues): Promise<boolean> {
    await this.flushJournalEntries();
    const rows = await this.exec.all(
      `SELECT 1 AS present FROM ${spec.name} WHERE ${sqlOf(spec).pkWhere}`,
      pkParams(spec, key),
    );
    return rows.length > 0;
  }

  /** Inserts a new row at version 1 (caller holds the write transaction). */
  async insert(spec: TableSpec, values: RowValues): Promise<VerifiedRow> {
    // SQLite rolls back only the failing statement, so its primary-key violation is mapped to
    // STORE_CONFLICT below; PostgreSQL would abort the whole transaction, so it checks first.
    if (this.exec.dialect === 'postgres' && (await this.exists(spec, values)))
      throw new StoreError('STORE_CONFLICT', `${spec.name} ${primaryKeyText(spec, values)} already exists`);
    return this.write(spec, values, 1, async (params) => {
      try {
        await this.exec.run(sqlOf(spec).insert, params);
      } catch (error) {
        throw storeErrorOf(error, spec, values);
      }
    });
  }

  /** Replaces a row verified at `previous.version` with `values` at the next version. */
  async update(spec: TableSpec, values: RowValues, previous: VerifiedRow): Promise<VerifiedRow> {
    return this.write(spec, values, previous.version + 1, async (params) => {
      for (const c of spec.primaryKey) params.push(values[c] ?? null);
      params.push(previous.version);
      const changed = await this.exec.run(sqlOf(spec).update, params);
      if (changed !== 1)
        throw new StoreError(
          'STORE_NOT_FOUND',
          `${spec.name} ${primaryKeyText(spec, values)} changed or vanished`,
        );
    });
  }

  private async write(
    spec: TableSpec,
    values: RowValues,
    version: number,
    /** Runs the statement; `params` holds the data columns, the version and the seal. */
    store: (params: SqlValue[]) => Promise<void>,
  ): Promise<VerifiedRow> {
    for (const column of spec.columns) {
      const value = values[column.name];
      if (value === undefined || !isColumnValue(column, value))
        throw new StoreError('STORE_INVALID_VALUE', `${spec.name}.${column.name} has an invalid value`);
    }
    const encoded = encodeRow(spec, values, version);
    const seal = await this.ctx.sealer.seal(encoded);
    // Before the row changes: cached reads of this table stop being served (store-state.ts).
    this.session?.write?.noteWrite(spec.name);
    const params: SqlValue[] = [];
    for (const c of spec.columns) params.push(values[c.name] ?? null);
    params.push(version, seal);
    await store(params);
    await this.journal().append(spec.name, primaryKeyText(spec, values), version, hashEntry(encoded));
    return { values, version };
  }
}
