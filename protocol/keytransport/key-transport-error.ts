import { SksmlError } from '../errors/sksml-error.ts';

export type KeyTransportErrorCode =
  | 'KEYTRANSPORT_UNSUPPORTED_ALGORITHM'
  | 'KEYTRANSPORT_DECRYPT_FAILED'
  | 'KEYTRANSPORT_BAD_KEY'
  | 'KEYTRANSPORT_KEY_LENGTH'
  | 'KEYTRANSPORT_WRAP_FAILED';

/** Key wrapping or unwrapping failed. Messages never carry key bytes or which check failed. */
export class KeyTransportError extends SksmlError {
  declare readonly code: KeyTransportErrorCode;

  constructor(
    code: KeyTransportErrorCode,
    message: string,
    options?: { requirement?: string; cause?: unknown },
  ) {
    super(code, message, options);
  }
}
