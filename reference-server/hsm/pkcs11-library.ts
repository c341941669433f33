/**
 * Process-wide PKCS#11 library handles. Cryptoki allows one C_Initialize per process and module,
 * and login state is shared by every session of an application, so the key provider and the
 * server signer share one initialised library per path (reference counted) and each opens its own
 * session. The library reads its configuration (SoftHSM2: SOFTHSM2_CONF) at C_Initialize.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { describeCryptokiError, HsmError } from './hsm-error.ts';

export type Pkcs11Module = pkcs11js.PKCS11;

interface LoadedLibrary {
  readonly module: Pkcs11Module;
  users: number;
  /** SHA-256 of the PIN that logged in, per slot (hex of the slot handle). */
  readonly logins: Map<string, Buffer>;
}

const loaded = new Map<string, LoadedLibrary>();

/** Loads and initialises `libraryPath` (once per process) and counts one more user. */
export function acquirePkcs11Library(libraryPath: string): Pkcs11Module {
  const existing = loaded.get(libraryPath);
  if (existing !== undefined) {
    existing.users += 1;
    return existing.module;
  }
  const module = new pkcs11js.PKCS11();
  try {
    module.load(libraryPath);
  } catch (error) {
    throw new HsmError('HSM_LIBRARY_UNAVAILABLE', `cannot load the PKCS#11 library ${libraryPath}`, {
      cause: error,
    });
  }
  try {
    module.C_Initialize();
  } catch (error) {
    module.close();
    throw new HsmError(
      'HSM_LIBRARY_UNAVAILABLE',
      `C_Initialize failed for ${libraryPath}: ${describeCryptokiError(error)}`,
      { cause: error },
    );
  }
  loaded.set(libraryPath, { module, users: 1, logins: new Map() });
  return module;
}

/** Drops one user; the last one finalises and unloads the library. */
export function releasePkcs11Library(libraryPath: string): void {
  const entry = loaded.get(libraryPath);
  if (entry === undefined) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  loaded.delete(libraryPath);
  try {
    entry.module.C_Finalize();
  } finally {
    entry.module.close();
  }
}

/** Number of users of `libraryPath` (0 when not loaded); for tests and diagnostics. */
export function pkcs11LibraryUsers(libraryPath: string): number {
  return loaded.get(libraryPath)?.users ?? 0;
}

function pinDigest(pin: string): Buffer {
  return createHash('sha256').update(pin, 'utf8').digest();
}

/** Records that `pin` logged in to `slot` (login state is per application, not per session). */
export function rememberLogin(libraryPath: string, slot: Buffer, pin: string): void {
  loaded.get(libraryPath)?.logins.set(slot.toString('hex'), pinDigest(pin));
}

/**
 * Whether `pin` is the PIN that logged in to `slot` earlier in this process. A second C_Login
 * answers CKR_USER_ALREADY_LOGGED_IN without checking the PIN, so a wrong PIN would otherwise
 * pass unnoticed.
 */
export function matchesRememberedLogin(libraryPath: string, slot: Buffer, pin: string): boolean {
  const known = loaded.get(libraryPath)?.logins.get(slot.toString('hex'));
  return known !== undefined && timingSafeEqual(known, pinDigest(pin));
}
