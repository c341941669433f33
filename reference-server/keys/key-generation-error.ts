import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type KeyGenerationErrorCode =
  | 'KEY_ALGORITHM_UNSUPPORTED'
  | 'KEY_SIZE_MISMATCH'
  | 'KEY_GENERATION_FAILED'
  | 'KEY_DISPOSED'
  | 'KEY_PROVIDER_CLOSED'
  | 'KEY_PROVIDER_UNKNOWN';

export class KeyGenerationError extends SksmlError {
  declare readonly code: KeyGenerationErrorCode;

  constructor(
    code: KeyGenerationErrorCode,
    message: string,
    options?: { requirement?: string; cause?: unknown },
  ) {
    super(code, message, options);
  }
}
