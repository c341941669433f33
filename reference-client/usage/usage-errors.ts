/**
 * Errors of key use: a refusal by the KeyUsePolicy, and a key the client could not obtain.
 * Messages never carry key bytes; the server's own error text is kept as data, not in `message`.
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import type { KeyOperation, KeyUseViolation } from '../../protocol/policy/key-use-types.ts';

/** The KeyUsePolicy does not allow this use now (SKSML-CLT-57). Nothing was handed out. */
export class KeyUseDeniedError extends SksmlError {
  declare readonly code: 'CLIENT_KEY_USE_DENIED';
  readonly globalKeyId: string;
  readonly operation: KeyOperation;
  /** Every rule that refused, each with its requirement ID. */
  readonly violations: readonly KeyUseViolation[];

  constructor(globalKeyId: string, operation: KeyOperation, violations: readonly KeyUseViolation[]) {
    const list = violations.map((v) => `${v.rule} ${v.code} [${v.requirement}]: ${v.reason}`).join('; ');
    super('CLIENT_KEY_USE_DENIED', `use of key ${globalKeyId} for ${operation} denied: ${list}`, {
      requirement: violations[0]?.requirement ?? 'SKSML-CLT-57',
    });
    this.globalKeyId = globalKeyId;
    this.operation = operation;
    this.violations = violations;
  }
}

export type KeyUnavailableCode =
  /** The server answered the request with a SymkeyError. */
  | 'CLIENT_KEY_REFUSED'
  /** The server is still working on the request (SymkeyWorkInProgress) and waiting was not allowed or ran out. */
  | 'CLIENT_KEY_PENDING'
  /** The answer carried neither a key nor an error nor a pending entry for the request. */
  | 'CLIENT_KEY_MISSING'
  /** The key state could not be persisted, so the key is not handed out (fail closed). */
  | 'CLIENT_KEY_STATE_FAILED';

export interface KeyUnavailableDetails {
  readonly requirement?: string;
  readonly cause?: unknown;
  /** CLIENT_KEY_REFUSED: the server's ErrorCode and ErrorMessage, for display only. */
  readonly serverErrorCode?: string;
  readonly serverErrorMessage?: string;
  /** CLIENT_KEY_PENDING: the SymkeyRequestID and the earliest instant it may be polled. */
  readonly symkeyRequestId?: string;
  readonly retryAt?: Date;
}

/** A key could not be obtained or released. */
export class KeyUnavailableError extends SksmlError {
  declare readonly code: KeyUnavailableCode;
  readonly serverErrorCode: string | undefined;
  readonly serverErrorMessage: string | undefined;
  readonly symkeyRequestId: string | undefined;
  readonly retryAt: Date | undefined;

  constructor(code: KeyUnavailableCode, message: string, details: KeyUnavailableDetails = {}) {
    super(code, message, { requirement: details.requirement, cause: details.cause });
    this.serverErrorCode = details.serverErrorCode;
    this.serverErrorMessage = details.serverErrorMessage;
    this.symkeyRequestId = details.symkeyRequestId;
    this.retryAt = details.retryAt;
  }
}
