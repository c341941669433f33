/**
 * The store over any SqlDatabase: record operations from ops/, sealed rows, the row journal.
 * Reads run on a consistent snapshot; writes run in serialised write transactions.
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import * as clients from './ops/clients.ts';
import * as keyClasses from './ops/key-classes.ts';
import * as keys from './ops/keys.ts';
import * as requests from './ops/requests.ts';
import { allocate } from './ops/sequences.ts';
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
import { SealedRows } from './sealed-rows.ts';
import type { SqlDatabase, SqlExecutor } from './sql/sql-database.ts';
import type { AuditStorage, IntegrityReport, SksStore, StoreOperations, StoreTransaction } from './store.ts';
import type { StoreContext } from './store-context.ts';
import { StoreError } from './store-error.ts';
import { verifyStoreIntegrity } from './verify-integrity.ts';

abstract class Operations implements StoreOperations {
  abstract readonly audit: AuditStorage;
  protected abstract read<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T>;
  protected abstract write<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T>;

  insertClient(client: NewClient): Promise<ClientRecord> {
    return this.write((r) => clients.insertClient(r, client));
  }
  getClient(id: string): Promise<ClientRecord | undefined> {
    return this.read((r) => clients.getClient(r, id));
  }
  getClientByFingerprint(fingerprint: string): Promise<ClientRecord | undefined> {
    return this.read((r) => clients.getClientByFingerprint(r, fingerprint));
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
    return this.read((r) => keyClasses.getKeyClass(r, name));
  }
  listKeyClasses(): Promise<KeyClassRecord[]> {
    return this.read((r) => keyClasses.listKeyClasses(r));
  }
  allocateKeyId(serverId: bigint): Promise<bigint> {
    // SKSML-SRV-50: KeyIDs are unique at the generating server (never reused, never 0).
    return this.write((r) => allocate(r, 'key', serverId));
  }
  allocateRequestId(serverId: bigint): Promise<bigint> {
    // SKSML-SRV-49: RequestIDs are unique among the requests of the issuing server.
    return this.write((r) => allocate(r, 'request', serverId));
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

  constructor(
    private readonly tx: SqlExecutor,
    ctx: StoreContext,
  ) {
    super();
    this.rows = new SealedRows(tx, ctx);
    this.audit = createAuditStorage(tx, (fn) => fn(tx));
  }

  protected read<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return fn(this.rows);
  }
  protected write<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return fn(this.rows);
  }
  /**
   * A nested call joins the enclosing transaction inside a SAVEPOINT: its changes commit with the
   * outer transaction, but when `fn` rejects only its own changes are rolled back (the sequence,
   * journal and audit heads included), so a caller that catches the error keeps a consistent
   * transaction. Nested calls on one session run one after the other, never concurrently.
   */
  async withTransaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const name = `sksml_sp_${this.depth + 1}`;
    // The journal head is written once, at the end of the transaction; a rollback to the savepoint
    // removes the entries appended inside it and puts the in-memory head back to match.
    const journalHead = this.rows.saveJournalHead();
    await this.tx.run(`SAVEPOINT ${name}`);
    this.depth += 1;
    let result: T;
    try {
      result = await fn(this);
    } catch (error) {
      this.depth -= 1;
      this.rows.restoreJournalHead(journalHead);
      try {
        await this.tx.run(`ROLLBACK TO SAVEPOINT ${name}`);
        await this.tx.run(`RELEASE SAVEPOINT ${name}`);
      } catch {
        // The database ended the whole transaction (e.g. I/O error): the outer one fails anyway.
      }
      throw error;
    }
    this.depth -= 1;
    await this.tx.run(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  /** Writes the journal head once, before the transaction commits. */
  flushJournal(): Promise<void> {
    return this.rows.flushJournal();
  }
}

export class SqlStore extends Operations implements SksStore {
  readonly audit: AuditStorage;
  private closed = false;

  constructor(
    readonly database: SqlDatabase,
    private readonly ctx: StoreContext,
  ) {
    super();
    this.audit = createAuditStorage(
      {
        dialect: database.dialect,
        all: (sql, p) => this.open().all(sql, p),
        run: (sql, p) => this.open().run(sql, p),
      },
      (fn) => this.open().transaction(fn),
    );
  }

  private open(): SqlDatabase {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'the store is closed');
    return this.database;
  }

  protected read<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return this.open().snapshot((tx) => fn(new SealedRows(tx, this.ctx)));
  }
  protected write<T>(fn: (rows: SealedRows) => Promise<T>): Promise<T> {
    return this.open().transaction(async (tx) => {
      const rows = new SealedRows(tx, this.ctx);
      const result = await fn(rows);
      await rows.flushJournal();
      return result;
    });
  }

  withTransaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.open().transaction(async (tx) => {
      const session = new TransactionSession(tx, this.ctx);
      const result = await fn(session);
      await session.flushJournal();
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
