/**
 * The one error type of the reference client. `code` is stable (spec/client.md §5); messages are
 * for logs and never carry key bytes, response bodies or stack traces of the peer.
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type ClientErrorCode =
  | 'CLIENT_BAD_ARGUMENT'
  | 'CLIENT_TRANSPORT'
  | 'CLIENT_TIMEOUT'
  | 'CLIENT_RESPONSE_MALFORMED'
  | 'CLIENT_RESPONSE_UNSIGNED'
  | 'CLIENT_RESPONSE_SIGNATURE'
  | 'CLIENT_RESPONSE_UNTRUSTED'
  | 'CLIENT_RESPONSE_STALE'
  | 'CLIENT_RESPONSE_REPLAYED'
  | 'CLIENT_RESPONSE_MISMATCH'
  | 'CLIENT_SERVER_FAULT'
  | 'CLIENT_UNWRAP_FAILED'
  | 'CLIENT_KEY_SIZE_MISMATCH'
  | 'CLIENT_POLL_TOO_EARLY'
  | 'CLIENT_POLL_UNKNOWN_REQUEST';

/** Failures of the channel, not answers: the only ones retried and failed over (SKSML-CLT-126). */
const RETRYABLE: ReadonlySet<ClientErrorCode> = new Set([
  'CLIENT_TRANSPORT',
  'CLIENT_TIMEOUT',
  'CLIENT_RESPONSE_MALFORMED',
]);

/** A SOAP fault as received. Never trusted beyond display, even when it was signed. */
export interface ReceivedFault {
  readonly code: string;
  /** Subcodes as `{namespace}localName`, outermost first. */
  readonly subcodes: readonly string[];
  /** The fault's reason text, cut to 256 characters. */
  readonly reason: string;
  /** True only when the fault envelope passed the full WS-Security verification. */
  readonly signed: boolean;
  readonly httpStatus: number;
}

/** One attempt of a failover run, for diagnostics. */
export interface AttemptRecord {
  readonly server: string;
  readonly code: ClientErrorCode;
}

export interface ClientErrorOptions {
  readonly requirement?: string;
  readonly cause?: unknown;
  /** The server (endpoint name) the failure concerns. */
  readonly server?: string;
  /** A lower-level stable code (e.g. WSS_BAD_SIGNATURE, MODEL_MISSING_ELEMENT). */
  readonly detail?: string;
  readonly fault?: ReceivedFault;
  /** Whether this failure may be retried / failed over; default by code. */
  readonly retryable?: boolean;
  /** CLIENT_POLL_TOO_EARLY: the earliest instant a poll is allowed. */
  readonly retryAt?: Date;
}

export class ClientError extends SksmlError {
  declare readonly code: ClientErrorCode;
  readonly server: string | undefined;
  readonly detail: string | undefined;
  readonly fault: ReceivedFault | undefined;
  readonly retryable: boolean;
  readonly retryAt: Date | undefined;
  /** Every attempt of the failover run that ended with this error (set by the failover loop). */
  attempts: readonly AttemptRecord[] = [];

  constructor(code: ClientErrorCode, message: string, options: ClientErrorOptions = {}) {
    super(code, message, { requirement: options.requirement, cause: options.cause });
    this.server = options.server;
    this.detail = options.detail;
    this.fault = options.fault;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.retryAt = options.retryAt;
  }
}

export function isClientError(value: unknown, code?: ClientErrorCode): value is ClientError {
  return value instanceof ClientError && (code === undefined || value.code === code);
}
