/**
 * One logged-in read/write session on the token found BY LABEL (SoftHSM2 gives slots random ids,
 * and a label is what an operator configures). Calls are synchronous: a Cryptoki session must not
 * run two operations at once, and Node's single thread guarantees that for synchronous calls.
 */
import pkcs11js from 'pkcs11js';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import type { Pkcs11Module } from './pkcs11-library.ts';
import {
  acquirePkcs11Library,
  matchesRememberedLogin,
  releasePkcs11Library,
  rememberLogin,
} from './pkcs11-library.ts';
import { describeCryptokiError, hasCryptokiCode, HsmError } from './hsm-error.ts';

/** Where the token is and how to log in. `pin` is the user (CKU_USER) PIN. */
export interface Pkcs11TokenConfig {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  readonly library: string;
  readonly tokenLabel: string;
  readonly pin: string;
}

export type Pkcs11Handle = Buffer;

export interface Pkcs11Session {
  readonly tokenLabel: string;
  /**
   * Runs `operation` with the module and session handle; a Cryptoki failure becomes an HsmError
   * (HSM_OPERATION_FAILED) that names `what` and the CKR_ value.
   */
  run<T>(what: string, operation: (module: Pkcs11Module, session: Pkcs11Handle) => T): T;
  /** Closes the session (destroying its session objects) and releases the library. Idempotent. */
  close(): void;
}

function labelOf(module: Pkcs11Module, slot: Pkcs11Handle): string {
  return module.C_GetTokenInfo(slot).label.replace(/[ \0]+$/, '');
}

/** The slot holding exactly one initialised token labelled `tokenLabel`. */
export function findSlotByTokenLabel(module: Pkcs11Module, tokenLabel: string): Pkcs11Handle {
  const matches = module.C_GetSlotList(true).filter((slot) => labelOf(module, slot) === tokenLabel);
  if (matches.length === 1) return matches[0]!;
  throw new HsmError(
    'HSM_TOKEN_NOT_FOUND',
    matches.length === 0
      ? `no PKCS#11 token is labelled "${tokenLabel}"`
      : `${matches.length} PKCS#11 tokens are labelled "${tokenLabel}"; labels must be unique`,
  );
}

export function openPkcs11Session(config: Pkcs11TokenConfig): Pkcs11Session {
  const module = acquirePkcs11Library(config.library);
  let handle: Pkcs11Handle | undefined;
  try {
    const slot = findSlotByTokenLabel(module, config.tokenLabel);
    handle = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      module.C_Login(handle, pkcs11js.CKU_USER, config.pin);
      rememberLogin(config.library, slot, config.pin);
    } catch (error) {
      // Login state belongs to the application, not the session: when another session is already
      // logged in, the token does not check this PIN, so compare it with the one that logged in.
      const alreadyIn = hasCryptokiCode(error, pkcs11js.CKR_USER_ALREADY_LOGGED_IN);
      if (!alreadyIn || !matchesRememberedLogin(config.library, slot, config.pin)) {
        throw new HsmError(
          'HSM_LOGIN_FAILED',
          alreadyIn
            ? `token "${config.tokenLabel}" is already logged in with a different PIN`
            : `login to token "${config.tokenLabel}" failed: ${describeCryptokiError(error)}`,
        );
      }
    }
  } catch (error) {
    if (handle !== undefined) module.C_CloseSession(handle);
    releasePkcs11Library(config.library);
    if (error instanceof HsmError) throw error;
    throw new HsmError(
      'HSM_OPERATION_FAILED',
      `opening a session on token "${config.tokenLabel}" failed: ${describeCryptokiError(error)}`,
      { cause: error },
    );
  }
  const session = handle;
  let open = true;
  return {
    tokenLabel: config.tokenLabel,
    run(what, operation) {
      if (!open) throw new HsmError('HSM_CLOSED', `${what}: the PKCS#11 session is closed`);
      try {
        return operation(module, session);
      } catch (error) {
        if (error instanceof SksmlError) throw error;
        throw new HsmError('HSM_OPERATION_FAILED', `${what} failed: ${describeCryptokiError(error)}`, {
          cause: error,
        });
      }
    },
    close() {
      if (!open) return;
      open = false;
      try {
        module.C_CloseSession(session);
      } finally {
        releasePkcs11Library(config.library);
      }
    },
  };
}
