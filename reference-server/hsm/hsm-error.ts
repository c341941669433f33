import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type HsmErrorCode =
  | 'HSM_LIBRARY_UNAVAILABLE'
  | 'HSM_TOKEN_NOT_FOUND'
  | 'HSM_LOGIN_FAILED'
  | 'HSM_KEY_NOT_FOUND'
  | 'HSM_KEY_AMBIGUOUS'
  | 'HSM_KEY_UNSUITABLE'
  | 'HSM_OPERATION_FAILED'
  | 'HSM_CLOSED';

/**
 * A PKCS#11 failure. Messages name the operation and the Cryptoki return value (CKR_...), never a
 * PIN or key material; they are meant for the operator's log, not for SKSML peers.
 */
export class HsmError extends SksmlError {
  declare readonly code: HsmErrorCode;

  constructor(code: HsmErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The CKR_... name carried by a pkcs11js error, or 'unknown error'. */
export function describeCryptokiError(error: unknown): string {
  if (error instanceof Error && /^CKR_[A-Z0-9_]+$/.test(error.message)) return error.message;
  return 'unknown error';
}

/** True when `error` is a pkcs11js error carrying the Cryptoki return value `ckr`. */
export function hasCryptokiCode(error: unknown, ckr: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === ckr;
}
