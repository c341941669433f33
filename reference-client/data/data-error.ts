/**
 * Errors of the data helpers. A failed decryption has ONE code whatever the cause (wrong key,
 * bad GCM tag, bad CBC padding, altered ciphertext), so the error is no padding or tag oracle.
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type DataErrorCode =
  /** An argument the helpers cannot use (empty input options, wrong key length, ...). */
  | 'DATA_BAD_ARGUMENT'
  /** The input is not an xenc:EncryptedData the client can read (structure, KeyName, base64). */
  | 'DATA_MALFORMED'
  /** A well-formed EncryptedData using something the client does not do (algorithm, CipherReference). */
  | 'DATA_UNSUPPORTED'
  /** The ciphertext does not decrypt under the named key (authentication or padding failed). */
  | 'DATA_DECRYPT_FAILED';

export class DataEncryptionError extends SksmlError {
  declare readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
  }
}
