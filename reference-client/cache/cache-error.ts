/** Errors of the client key cache. Messages never contain key bytes. */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type KeyCacheErrorCode =
  /** The credentials cannot derive cache keys (no RSA private key, or the signer misbehaved). */
  | 'CACHE_CREDENTIALS_UNSUPPORTED'
  /** An argument is not acceptable (bad GlobalKeyID, the new-key sentinel, empty key, ...). */
  | 'CACHE_INVALID_ARGUMENT'
  /** A KeyUsePolicy state update would move the persisted state backwards. */
  | 'CACHE_STATE_REGRESSION'
  /** The storage backend failed to read or write. */
  | 'CACHE_STORE_FAILED'
  /** The cache was used after close(). */
  | 'CACHE_CLOSED';

export class KeyCacheError extends SksmlError {
  declare readonly code: KeyCacheErrorCode;

  constructor(code: KeyCacheErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
  }
}
