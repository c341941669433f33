import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type EscrowErrorCode =
  | 'ESCROW_KEYS_INSUFFICIENT'
  | 'ESCROW_KEY_UNSUITABLE'
  | 'ESCROW_KEY_INVALID'
  | 'ESCROW_GLOBAL_KEY_ID_INVALID'
  | 'ESCROW_BLOB_MALFORMED'
  | 'ESCROW_WRONG_KEY'
  | 'ESCROW_GLOBAL_KEY_ID_MISMATCH'
  | 'ESCROW_DECRYPTION_FAILED';

/** Escrow and recovery failures. Messages never contain key material. */
export class EscrowError extends SksmlError {
  declare readonly code: EscrowErrorCode;

  constructor(code: EscrowErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
