import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type SigningErrorCode =
  'SIGNING_KEY_INVALID' | 'SIGNING_KEY_MISMATCH' | 'SIGNING_ALGORITHM_UNSUPPORTED' | 'SIGNING_CLOSED';

export class SigningError extends SksmlError {
  declare readonly code: SigningErrorCode;

  constructor(code: SigningErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
