/**
 * Failures the server pipeline raises itself (after the SOAP binding and WS-Security): client
 * identification, request validation, limits. Each code maps to exactly one fault in
 * fault-mapping.ts; the message is for the server log only.
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type ServerErrorCode =
  /** The signing certificate verified and chains to a trust anchor, but no client is registered with it. */
  | 'SRV_UNKNOWN_CLIENT'
  /** The client is registered but deactivated. */
  | 'SRV_CLIENT_DEACTIVATED'
  /** The SKSML message in the Body is not valid against the project schema. */
  | 'SRV_SCHEMA_INVALID'
  /** The SKSML message has an error-level semantic finding (protocol/validation). */
  | 'SRV_SEMANTIC_INVALID'
  /** The SymkeyRequest has more items than limits.maxItemsPerRequest. */
  | 'SRV_TOO_MANY_ITEMS'
  /** limits.maxConcurrent requests are already in progress. */
  | 'SRV_BUSY'
  /** Processing took longer than limits.requestTimeoutMs. */
  | 'SRV_TIMEOUT'
  /** No KeyCachePolicy can be returned (a KeyCachePolicyResponse needs at least one). */
  | 'SRV_NO_CACHE_POLICY';

export class ServerError extends SksmlError {
  declare readonly code: ServerErrorCode;

  constructor(code: ServerErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
  }
}
