/**
 * The records the store keeps. Identifiers use the protocol model's types (bigint parts); times
 * are Date values with millisecond precision.
 */
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';

export const CLIENT_STATUSES = ['active', 'deactivated'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export interface NewClient {
  /** The server's name for the client (1..255 characters). */
  readonly id: string;
  /** The client's X.509 certificate (DER). Its SHA-256 fingerprint is computed by the store. */
  readonly certificateDer: Uint8Array;
  /** The certificate's subject DN as the server renders it. */
  readonly subject: string;
  readonly status?: ClientStatus;
  /** Authorisation groups; kept sorted and without duplicates. */
  readonly groups?: readonly string[];
}

export interface ClientRecord {
  readonly id: string;
  readonly certificateDer: Uint8Array;
  readonly subject: string;
  /** SHA-256 of certificateDer, lowercase hex. */
  readonly fingerprintSha256: string;
  readonly status: ClientStatus;
  readonly groups: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Starts at 1, +1 on every change. */
  readonly version: number;
}

export interface NewKeyClass {
  /** The KeyClass label (1..255 characters). */
  readonly name: string;
  /** The KeyUsePolicy handed out with keys of this class, serialized by the server (XML or JSON). */
  readonly keyUsePolicy: string;
  /** The KeyCachePolicy for this class, serialized by the server (XML or JSON). */
  readonly keyCachePolicy: string;
  /** When true, new keys of this class are only delivered after an operator approves the request. */
  readonly requiresApproval: boolean;
}

export interface KeyClassRecord extends NewKeyClass {
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

/** The key material wrapped for one escrow key. */
export interface EscrowBlob {
  readonly escrowKeyId: string;
  readonly blob: Uint8Array;
}

export interface NewKey {
  /** A real GlobalKeyID (never the new-key sentinel): KeyID from allocateKeyId. */
  readonly globalKeyId: GlobalKeyID;
  readonly keyClass: string;
  readonly ownerClientId: string;
  /** The KeyAlgorithm URI of the key's KeyUsePolicy. */
  readonly algorithm: string;
  /** Key size in bits. */
  readonly keySize: number;
  /**
   * The key material sealed by the caller under the server's storage key (an opaque blob). The
   * store never sees plaintext key material and never interprets this value.
   */
  readonly sealedKey: Uint8Array;
  readonly escrow?: readonly EscrowBlob[];
}

export interface KeyRecord extends Required<NewKey> {
  readonly createdAt: Date;
  readonly version: number;
}

export const REQUEST_STATUSES = ['pending', 'approved', 'denied', 'delivered'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface NewRequest {
  /** The SymkeyRequestID: RequestID from allocateRequestId. */
  readonly requestId: SymkeyRequestID;
  readonly clientId: string;
  /** The GlobalKeyID the client asked for (possibly the new-key sentinel). */
  readonly requestedGlobalKeyId: GlobalKeyID;
  /** The requested KeyClass, or null when none was named. */
  readonly keyClass: string | null;
  /** RequestCheckInterval in seconds (60..604800). */
  readonly checkIntervalSeconds: number;
}

export interface RequestRecord extends NewRequest {
  readonly status: RequestStatus;
  /** The key delivered (or to be delivered) for this request, once known. */
  readonly resultKeyId: GlobalKeyID | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export interface RequestStatusChange {
  /** The status the request must have now; the change fails otherwise (compare-and-set). */
  readonly from: RequestStatus;
  readonly to: RequestStatus;
  /** Required when `to` is approved or delivered, unless already set. */
  readonly resultKeyId?: GlobalKeyID;
}

/** An audit log entry as stored (built and verified by reference-server/audit/). */
export interface StoredAuditEntry {
  /** 1, 2, 3, ... without gaps. */
  readonly seq: number;
  readonly at: Date;
  /** The operation, e.g. `SymkeyRequest`. */
  readonly operation: string;
  readonly clientId: string | null;
  /** GlobalKeyIDs (requested or delivered) in their text form. */
  readonly globalKeyIds: readonly string[];
  readonly outcome: string;
  readonly errorCode: string | null;
  /** Hash of entry seq-1 (32 zero bytes for seq 1). */
  readonly previousHash: Uint8Array;
  readonly seal: Uint8Array;
  /** Set by the store when a stored column could not be read back (the entry is then bad). */
  readonly malformed?: string;
}

/** The signed head of the audit chain: number of entries and hash of the last one. */
export interface StoredAuditCheckpoint {
  readonly count: number;
  readonly headHash: Uint8Array;
  readonly at: Date;
  readonly seal: Uint8Array;
  /** Set by the store when a stored column could not be read back. */
  readonly malformed?: string;
}

/**
 * A checkpoint to be sealed and written once, just before the write transaction commits
 * (`AuditStorage.appendEntry`): several appends committed together write only the last one.
 */
export interface AuditCheckpointDraft {
  readonly count: number;
  readonly headHash: Uint8Array;
  readonly at: Date;
  /**
   * The appender that made it (compared by identity). Only that appender continues the chain from
   * a draft still pending; anyone else gets the checkpoint written first and reads it as stored.
   */
  readonly owner: object;
  /** Seals this checkpoint: called once, when it is written. */
  readonly seal: () => Promise<Uint8Array>;
  /** Called once the sealed checkpoint has been written (in the same transaction). */
  readonly written?: (checkpoint: StoredAuditCheckpoint) => void;
}
