/** Values the key cache takes and returns. */
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';

/** 'new': not yet used for any encryption; 'used': used for at least one (SKSML-CLT-67). */
export type CachedKeyKind = 'new' | 'used';

/** What the caller hands to `put`. */
export interface KeyCacheInput {
  readonly globalKeyId: GlobalKeyID | string;
  /** The policy the server sent with the key; its KeyClass is the key's class. */
  readonly keyUsePolicy: KeyUsePolicy;
  /** The unwrapped key bytes (copied; the caller may wipe its buffer afterwards). */
  readonly key: Uint8Array;
  /** Default 'new', or 'used' when the state records an encryption. */
  readonly kind?: CachedKeyKind;
  /** When the key was received; default: the cache clock's now. Starts MaximumDuration. */
  readonly cachedAt?: Date;
  /** KeyUsePolicy state (first use, encryptions) to persist with the key. */
  readonly state?: KeyUseState;
}

/** A cached key without its bytes (what `list` returns). */
export interface CachedKeyInfo {
  /** Canonical `DomainID-ServerID-KeyID`. */
  readonly globalKeyId: string;
  readonly keyClass: string;
  readonly kind: CachedKeyKind;
  readonly cachedAt: Date;
  /** The instant from which the key is no longer held (from the KeyCachePolicy decision). */
  readonly expiresAt: Date;
  readonly state: KeyUseState;
}

/** A cached key with its bytes and policy (what `get` returns; the key is a fresh copy). */
export interface CachedKey extends CachedKeyInfo {
  readonly keyUsePolicy: KeyUsePolicy;
  readonly key: Uint8Array;
}

/** Why a stored entry was refused (reported through onCacheTamper, counted, never returned). */
export type CacheTamperReason =
  /** Too short to hold the header, nonce, tag and MAC, or a length field points past the end. */
  | 'truncated'
  /** Wrong magic or format version, or a field that cannot be read. */
  | 'malformed'
  /** The HMAC over the file does not verify (tampered bytes, or written under other credentials). */
  | 'mac-mismatch'
  /** AES-GCM refused the ciphertext (only reachable when the MAC key leaked). */
  | 'decrypt-failed'
  /** The entry names another GlobalKeyID than the one it is stored under (files swapped). */
  | 'id-mismatch'
  /** The entry is older than the version the signed index records (rolled back). */
  | 'rollback'
  /** An authentic entry the signed index does not list (a deleted entry restored). */
  | 'unindexed'
  /** The signed index lists the entry but the store has no such file. */
  | 'missing'
  /** The signed index is malformed or its MAC does not verify: no entry can be trusted. */
  | 'index-invalid'
  /** The cache was written by another client key pair. */
  | 'credentials-mismatch'
  /** The decrypted payload cannot be read (bad KeyUsePolicy XML, bad fields). */
  | 'payload-invalid'
  /** The store could not read the entry (I/O error): it is dropped like a damaged one. */
  | 'unreadable';

/** The GlobalKeyID reported for events that concern the whole cache (index, credentials). */
export const WHOLE_CACHE = '*';

export type CacheTamperHandler = (globalKeyId: string, reason: CacheTamperReason) => void;

export type PutResult =
  | {
      readonly cached: true;
      readonly expiresAt: Date;
      /** GlobalKeyIDs evicted (oldest first) to stay within MaximumKeys. */
      readonly evicted: readonly string[];
      readonly reason: string;
      readonly requirement: string;
    }
  | { readonly cached: false; readonly reason: string; readonly requirement: string };
