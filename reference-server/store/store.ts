/**
 * The store interface the reference SKS server sits on. One interface, two back ends (SQLite and
 * PostgreSQL); every call is async. Every row read is verified (seal and journal version) before
 * it is returned; a row that fails is never returned: the call throws IntegrityError and the
 * integrity alarm fires (spec/store.md).
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import type {
  AuditCheckpointDraft,
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
  StoredAuditCheckpoint,
  StoredAuditEntry,
} from './records.ts';

/** Everything a caller can do, inside or outside a transaction. */
export interface StoreOperations {
  insertClient(client: NewClient): Promise<ClientRecord>;
  getClient(id: string): Promise<ClientRecord | undefined>;
  getClientByFingerprint(fingerprintSha256: string): Promise<ClientRecord | undefined>;
  setClientStatus(id: string, status: ClientStatus): Promise<ClientRecord>;
  setClientGroups(id: string, groups: readonly string[]): Promise<ClientRecord>;

  /** Inserts a key class or replaces its policies and approval flag. */
  putKeyClass(keyClass: NewKeyClass): Promise<KeyClassRecord>;
  getKeyClass(name: string): Promise<KeyClassRecord | undefined>;
  listKeyClasses(): Promise<KeyClassRecord[]>;

  /** Allocates the next KeyID (1, 2, ...) of server `serverId`; never 0, never reused. */
  allocateKeyId(serverId: bigint): Promise<bigint>;
  /** Allocates the next RequestID (1, 2, ...) of server `serverId`; never 0, never reused. */
  allocateRequestId(serverId: bigint): Promise<bigint>;

  /** Stores a new key. Resolves only once the row is committed and durable (spec/store.md §Durability). */
  saveKey(key: NewKey): Promise<KeyRecord>;
  getKey(id: GlobalKeyID): Promise<KeyRecord | undefined>;

  insertRequest(request: NewRequest): Promise<RequestRecord>;
  getRequest(id: SymkeyRequestID): Promise<RequestRecord | undefined>;
  /** Compare-and-set status change along pending → approved|denied|delivered, approved → delivered. */
  updateRequestStatus(id: SymkeyRequestID, change: RequestStatusChange): Promise<RequestRecord>;

  /**
   * Raw audit storage, for reference-server/audit/ only: it builds, chains and seals entries; the
   * store keeps them as given. Rows are returned unverified (verifyAuditLog verifies them).
   */
  readonly audit: AuditStorage;
}

export interface AuditStorage {
  insertEntry(entry: StoredAuditEntry): Promise<void>;
  /** Entries with seq > afterSeq in seq order, at most `limit`. */
  listEntries(afterSeq: number, limit: number): Promise<StoredAuditEntry[]>;
  getCheckpoint(): Promise<StoredAuditCheckpoint | undefined>;
  putCheckpoint(checkpoint: StoredAuditCheckpoint): Promise<void>;
  /**
   * Inserts `entry` and has `checkpoint` sealed and written just before the write transaction
   * commits; a later `appendEntry` of the same database transaction replaces it, so the commit
   * writes the checkpoint once (spec/store.md §8.1). A rollback of the savepoint it ran in undoes
   * both. Outside a transaction handle, both are written in one transaction of their own.
   */
  appendEntry(entry: StoredAuditEntry, checkpoint: AuditCheckpointDraft): Promise<void>;
  /**
   * The checkpoint an `appendEntry` left to be written at this transaction's COMMIT, if any: the
   * chain's head as that append made it. Undefined outside a transaction handle, and once any
   * other audit call (`insertEntry`, `getCheckpoint`, `putCheckpoint`) has written it.
   */
  pendingCheckpoint(): AuditCheckpointDraft | undefined;
}

export interface StoreTransaction extends StoreOperations {
  /**
   * Nested calls join the enclosing transaction inside a savepoint: they commit with it, and a
   * nested `fn` that rejects rolls back only its own changes. Run nested calls one at a time.
   */
  withTransaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
}

export interface SksStore extends StoreTransaction {
  /**
   * Runs `fn` in one write transaction: all its changes commit together or not at all. Write
   * transactions are serialised (SQLite BEGIN IMMEDIATE; PostgreSQL locks the journal head).
   */
  withTransaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Full scan: walks the row journal and checks every row (deleted rows included). */
  verifyIntegrity(): Promise<IntegrityReport>;
  close(): Promise<void>;
}

export interface IntegrityProblem {
  readonly table: string;
  readonly primaryKey: string;
  readonly reason: string;
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly rowsChecked: number;
  readonly journalEntries: number;
  readonly problems: readonly IntegrityProblem[];
}
