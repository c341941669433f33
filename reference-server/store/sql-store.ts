/**
 * The store over any SqlDatabase: record operations from ops/, sealed rows, the row journal.
 * Reads run on a consistent snapshot; writes run in serialised write transactions.
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import * as clients from './ops/clients.ts';
import * as keyClasses from './ops/key-classes.ts';
import * as keys from './ops/keys.ts';
import * as requests from './ops/requests.ts';
import { allocate, type SequenceName, sequenceKey, sequenceServer } from './ops/sequences.ts';
import { createAuditStorage } from './ops/audit-storage.ts';
import type {
  ClientRecord,
  ClientStatus,
  KeyClassRecord,
  KeyRecord,
  NewClient,
  NewKey,
  NewKeyClass,
  NewRequest,
  RequestRecord,
  RequestStatusChange,
} from './records.ts';
import { SealedRows, type RowsSession } from './sealed-rows.ts';
import { CommitScope } from './sql/commit-scope.ts';
import type { SqlDatabase, SqlExecutor } from './sql/sql-database.ts';
import type { AuditStorage, IntegrityReport, SksStore, StoreOperations, StoreTransaction } from './store.ts';
import type { StoreContext } from './store-context.ts';
import { StoreError } from './store-error.ts';
import { SharedStoreState, WriteState } from './store-state.ts';
import { verifyStoreIntegrity } from './verify-integrity.ts';

/** Copies handed out for cached records, so a caller cannot change what the cache holds. */
function copyClient(c: ClientRecord | undefined): ClientRecord | undefined {
  return (
    c && {
      ...c,
      certificateDer: Uint8Array.from(c.certificateDer),
      groups: [...c.groups],
      createdAt: new Date(c.createdAt.getTime()),
      updatedAt: new Date(c.updatedAt.getTime()),
    }
  );
}

function copyKeyClass(k: KeyClassRecord | undefined): KeyClassRecord | undefined {
  return (
    k && { ...k, createdAt: new Date(k.createdAt.getTime()), updatedAt: new Date(k.updatedAt.getTime()) }
  );
}

function copyKeyClasses(list: KeyClassRecord[]): KeyClassRecord[] {
  return list.map((k) => copyKeyClass(k)!);
}

abstract class Operations implements StoreOperations {
  abstract readonly audit: AuditStorage;
  protected abstract read<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T>;
  protected abstract write<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T>;
  /**
   * A read whose verified result may be kept in the verified-read cache under `key`
   * (cache/verified-read-cache.ts); `copy` makes the copies the cache keeps and hands out.
   */
  protected abstract cachedRead<T>(
    key: string,
    fn: (rows: SealedRows) => Promise<T>,
    copy: (value: T) => T,
  ): Promise<T>;
  protected abstract allocate(name: SequenceName, serverId: bigint): Promise<bigint>;

  insertClient(client: NewClient): Promise<ClientRecord> {
    return this.write((r) => clients.insertClient(r, client));
  }
  getClient(id: string): Promise<ClientRecord | undefined> {
    return this.cachedRead(`client-id:${id}`, (r) => clients.getClient(r, id), copyClient);
  }
  getClientByFingerprint(fingerprint: string): Promise<ClientRecord | undefined> {
    return this.cachedRead(
      `client-fingerprint:${String(fingerprint).toLowerCase()}`,
      (r) => clients.getClientByFingerprint(r, fingerprint),
      copyClient,
    );
  }
  setClientStatus(id: string, status: ClientStatus): Promise<ClientRecord> {
    return this.write((r) => clients.setClientStatus(r, id, status));
  }
  setClientGroups(id: string, groups: readonly string[]): Promise<ClientRecord> {
    return this.write((r) => clients.setClientGroups(r, id, groups));
  }
  putKeyClass(keyClass: NewKeyClass): Promise<KeyClassRecord> {
    return this.write((r) => keyClasses.putKeyClass(r, keyClass));
  }
  getKeyClass(name: string): Promise<KeyClassRecord | undefined> {
    return this.cachedRead(`key-class:${name}`, (r) => keyClasses.getKeyClass(r, name), copyKeyClass);
  }
  listKeyClasses(): Promise<KeyClassRecord[]> {
    return this.cachedRead('key-classes', (r) => keyClasses.listKeyClasses(r), copyKeyClasses);
  }
  allocateKeyId(serverId: bigint): Promise<bigint> {
    // SKSML-SRV-50: KeyIDs are unique at the generating server (never reused, never 0).
    return this.allocate('key', serverId);
  }
  allocateRequestId(serverId: bigint): Promise<bigint> {
    // SKSML-SRV-49: RequestIDs are unique among the requests of the issuing server.
    return this.allocate('request', serverId);
  }
  saveKey(key: NewKey): Promise<KeyRecord> {
    return this.write((r) => keys.saveKey(r, key));
  }
  getKey(id: GlobalKeyID): Promise<KeyRecord | undefined> {
    return this.read((r) => keys.getKey(r, id));
  }
  insertRequest(request: NewRequest): Promise<RequestRecord> {
    return this.write((r) => requests.insertRequest(r, request));
  }
  getRequest(id: SymkeyRequestID): Promise<RequestRecord | undefined> {
    return this.read((r) => requests.getRequest(r, id));
  }
  updateRequestStatus(id: SymkeyRequestID, change: RequestStatusChange): Promise<RequestRecord> {
    return this.write((r) => requests.updateRequestStatus(r, id, change));
  }
}

class TransactionSession extends Operations implements StoreTransaction {
  readonly audit: AuditStorage;
  private readonly rows: SealedRows;
  /** Savepoints currently open; names are reused by depth so the statement cache stays small. */
  private depth = 0;

  private readonly session: Required<RowsSession>;

  constructor(
    private readonly tx: SqlExecutor,
    ctx: StoreContext,
    state: WriteState,
  ) {
    super();
    this.session = { shared: state.shared, write: state };
    this.rows = new SealedRows(tx, ctx, this.session);
    this.audit = createAuditStorage(tx, (fn) => fn(tx, state.scope), state.shared.audit, state.scope);
  }

  protected read<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return fn(this.rows);
  }
  protected write<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return fn(this.rows);
  }
  protected async cachedRead<T>(
    key: string,
    fn: (rows: SealedRows) => Promise<T>,
    copy: (value: T) => T,
  ): Promise<T> {
    const reads = this.session.shared.reads;
    const hit = reads.lookup(key);
    if (hit !== undefined) return copy(hit.value as T);
    const started = reads.begin();
    const value = await fn(this.rows);
    reads.remember(key, started, copy(value));
    return value;
  }
  protected allocate(name: SequenceName, serverId: bigint): Promise<bigint> {
    return allocate(this.rows, name, serverId);
  }
  /**
   * A nested call joins the enclosing transaction inside a SAVEPOINT: its changes commit with the
   * outer transaction, but when `fn` rejects only its own changes are rolled back (the sequence,
   * journal and audit heads included), so a caller that catches the error keeps a consistent
   * transaction. Nested calls on one session run one after the other, never concurrently.
   */
  async withTransaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const name = `sksml_sp_${this.depth + 1}`;
    // The journal head and the audit checkpoint are written once, before the COMMIT; a rollback to
    // the savepoint removes the entries appended inside it and puts the heads in the commit scope
    // back to match. Entries buffered before the savepoint belong to the enclosing work: insert
    // them first.
    await this.rows.flushJournalEntries();
    const mark = this.session.write.mark();
    const savepoints = this.tx.savepoints;
    // With a savepoint stack (SQLite) the level issues SAVEPOINT only before its first write, and
    // shares the enclosing level's savepoint when nothing was written in between (spec/store.md §6.3).
    const level = savepoints?.push();
    if (level === undefined) await this.tx.run(`SAVEPOINT ${name}`);
    this.depth += 1;
    let result: T;
    try {
      result = await fn(this);
    } catch (error) {
      this.depth -= 1;
      this.rows.dropJournalEntries();
      // Sequence blocks reserved inside the savepoint, the heads, and anything cached are undone with it.
      this.session.write.rollingBackTo(mark);
      try {
        if (level !== undefined) {
          try {
            savepoints!.rollbackTo(level);
          } finally {
            savepoints!.release(level);
          }
        } else {
          await this.tx.run(`ROLLBACK TO SAVEPOINT ${name}`);
          await this.tx.run(`RELEASE SAVEPOINT ${name}`);
        }
      } catch {
        // The database ended the whole transaction (e.g. I/O error): the outer one fails anyway.
      }
      throw error;
    }
    this.depth -= 1;
    if (level !== undefined) savepoints!.release(level);
    else await this.tx.run(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  /** Inserts the journal entries still buffered, before the transaction function ends. */
  flushJournalEntries(): Promise<void> {
    return this.rows.flushJournalEntries();
  }
}

export interface SqlStoreOptions {
  /** Values reserved per sequence row update (default 64; 1 reserves one value at a time). */
  readonly sequenceBlockSize?: number;
}

export class SqlStore extends Operations implements SksStore {
  readonly audit: AuditStorage;
  private closed = false;
  private readonly shared: SharedStoreState;

  constructor(
    readonly database: SqlDatabase,
    private readonly ctx: StoreContext,
    options: SqlStoreOptions = {},
  ) {
    super();
    this.shared = new SharedStoreState(database.changeGuard, options.sequenceBlockSize);
    const guard = database.changeGuard;
    this.audit = createAuditStorage(
      {
        dialect: database.dialect,
        all: (sql, p) => this.open().all(sql, p),
        run: (sql, p) => this.open().run(sql, p),
      },
      // Audit rows written outside a transaction handle bypass the audit head cache: forget it.
      // Such a write is a transaction of its own (it does not join a commit scope).
      (fn) => {
        guard?.invalidate();
        return this.open()
          .transaction(fn)
          .finally(() => guard?.invalidate());
      },
    );
  }

  private open(): SqlDatabase {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'the store is closed');
    return this.database;
  }

  protected read<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return this.open().snapshot((tx) => fn(new SealedRows(tx, this.ctx, { shared: this.shared })));
  }
  protected write<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return this.inWriteTransaction(async (tx, state) => {
      const rows = new SealedRows(tx, this.ctx, { shared: this.shared, write: state });
      const result = await fn(rows);
      await rows.flushJournalEntries();
      return result;
    });
  }
  protected cachedRead<T>(
    key: string,
    fn: (rows: SealedRows) => Promise<T>,
    copy: (value: T) => T,
  ): Promise<T> {
    const db = this.open();
    const reads = this.shared.reads;
    const hit = reads.lookup(key);
    if (hit !== undefined) return Promise.resolve(copy(hit.value as T));
    return db.snapshot(async (tx) => {
      const started = reads.begin();
      const value = await fn(new SealedRows(tx, this.ctx, { shared: this.shared }));
      // Inside the snapshot, so the data version recorded is the one this read saw.
      reads.remember(key, started, copy(value));
      return value;
    });
  }
  /**
   * Outside a transaction: a value from a committed block, else a reservation of a new block in a
   * write transaction of its own. Callers that find a reservation in flight wait for it rather than
   * reserving a block each (they hold no transaction, so waiting cannot deadlock).
   */
  protected async allocate(name: SequenceName, serverId: bigint): Promise<bigint> {
    this.open();
    const key = sequenceKey(name, sequenceServer(serverId));
    const blocks = this.shared.sequences;
    for (;;) {
      const ready = blocks.take(key);
      if (ready !== undefined) return ready;
      const inFlight = blocks.reservation(key);
      if (inFlight === undefined) break;
      await inFlight;
    }
    const reserved = this.write((rows) => allocate(rows, name, serverId));
    blocks.trackReservation(key, reserved);
    return reserved;
  }

  /**
   * Runs `fn` in a write transaction with its bookkeeping (store-state.ts): what it cached or
   * reserved is kept only when the transaction has committed, and dropped when it fails. The
   * transaction joins the database's commit scope: its journal head and audit checkpoint are
   * written once per COMMIT, however many store transactions share it (spec/store.md §4, §6.1).
   */
  private async inWriteTransaction<T>(fn: (tx: SqlExecutor, state: WriteState) => Promise<T>): Promise<T> {
    let state: WriteState | undefined;
    let result: T;
    try {
      result = await this.open().transaction(
        async (tx, scope: CommitScope | undefined) => {
          // A wrapper that hides the scope (tests) gets the heads written at the end of `fn`.
          const own = scope === undefined ? new CommitScope() : undefined;
          const current = new WriteState(this.shared, scope ?? own!);
          state = current;
          try {
            const value = await fn(tx, current);
            await own?.flush();
            return value;
          } catch (error) {
            current.failing();
            throw error;
          }
        },
        { joinScope: true },
      );
    } catch (error) {
      if (state !== undefined) state.settle(false);
      else this.shared.guard?.invalidate();
      throw error;
    }
    // The promise resolves only after `fn` ran, so the state exists.
    state!.settle(true);
    return result;
  }

  withTransaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.inWriteTransaction(async (tx, state) => {
      const session = new TransactionSession(tx, this.ctx, state);
      const result = await fn(session);
      await session.flushJournalEntries();
      return result;
    });
  }

  verifyIntegrity(): Promise<IntegrityReport> {
    return this.open().snapshot((tx) => verifyStoreIntegrity(tx, this.ctx));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.database.close();
  }
}
