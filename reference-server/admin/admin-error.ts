/**
 * Errors of the administration functions (`sksml admin …`, `sksml audit verify`). Codes are stable;
 * messages are for the operator's console and never contain key material. `kind` tells the CLI
 * how to exit: `input` for unusable input (exit 2), `refused` for a negative answer (exit 1).
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';

export type AdminErrorCode =
  /** The data folder or configured SQLite file holds no store (the server has not run there). */
  | 'ADMIN_NO_STORE'
  /** An argument or input file is malformed (identifier, certificate, key file, policy file). */
  | 'ADMIN_INPUT_INVALID'
  /** The client, request or key named does not exist. */
  | 'ADMIN_NOT_FOUND'
  /** An identifier names two different clients (an ID and another client's fingerprint). */
  | 'ADMIN_AMBIGUOUS'
  /** The client (ID or certificate) is already registered. */
  | 'ADMIN_CONFLICT'
  /** The certificate does not chain to the server's trust anchors (the server would never accept it). */
  | 'ADMIN_CERTIFICATE_UNTRUSTED'
  /** The key has no escrow blob for the given escrow key. */
  | 'ADMIN_ESCROW_KEY_UNKNOWN'
  /** The recovered value does not match the stored key's algorithm or size. */
  | 'ADMIN_RECOVERY_MISMATCH';

const INPUT_CODES: ReadonlySet<AdminErrorCode> = new Set(['ADMIN_NO_STORE', 'ADMIN_INPUT_INVALID']);

export class AdminError extends SksmlError {
  declare readonly code: AdminErrorCode;

  constructor(code: AdminErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
  }

  /** `input`: the operator must fix the command or a file; `refused`: the answer is no. */
  get kind(): 'input' | 'refused' {
    return INPUT_CODES.has(this.code) ? 'input' : 'refused';
  }
}
