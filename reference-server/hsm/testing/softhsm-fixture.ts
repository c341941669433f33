/**
 * A throwaway SoftHSM2 token for tests: a private SOFTHSM2_CONF and token directory in a temp dir,
 * one token initialised with `softhsm2-util --init-token --free`, keys imported with
 * `softhsm2-util --import`. SoftHSM2 reads SOFTHSM2_CONF in C_Initialize, so create the fixture
 * before the first PKCS#11 session of the process (vitest runs each test file in its own process).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTool, toolSkipReason } from '../../../protocol/testkit/external-tool.ts';
import { pkcs11LibraryUsers } from '../pkcs11-library.ts';
import type { Pkcs11TokenConfig } from '../pkcs11-session.ts';

const LIBRARY_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

/** The SoftHSM2 PKCS#11 module: $SOFTHSM2_LIBRARY, else the first Debian/local path that exists. */
export function findSoftHsmLibrary(): string | undefined {
  const configured = process.env.SOFTHSM2_LIBRARY;
  if (configured !== undefined && configured !== '') return existsSync(configured) ? configured : undefined;
  return LIBRARY_CANDIDATES.find((path) => existsSync(path));
}

/** null when SoftHSM2 tests can run; a skip reason otherwise (throws in CI, see toolSkipReason). */
export function softHsmSkipReason(): string | null {
  const available = hasTool('softhsm2-util', ['--version']) && findSoftHsmLibrary() !== undefined;
  return toolSkipReason('softhsm2', available);
}

export interface SoftHsmFixtureOptions {
  readonly tokenLabel?: string;
  readonly pin?: string;
  readonly soPin?: string;
}

export interface SoftHsmFixture {
  readonly directory: string;
  readonly configPath: string;
  /** library + label + user PIN: what openPkcs11Session and the providers take. */
  readonly token: Pkcs11TokenConfig;
  readonly soPin: string;
  /** Imports an RSA private key (PKCS#8 PEM) as a token object, with CKA_LABEL and CKA_ID. */
  importPrivateKey(pkcs8Pem: string, label: string, id: Uint8Array): void;
  /** Initialises one more token in the same token directory (e.g. to test duplicate labels). */
  initToken(label: string): void;
  /** Removes the temp dir and restores SOFTHSM2_CONF. Close every session first. */
  cleanup(): void;
}

export function createSoftHsmFixture(options: SoftHsmFixtureOptions = {}): SoftHsmFixture {
  const library = findSoftHsmLibrary();
  if (library === undefined) throw new Error('the SoftHSM2 PKCS#11 library was not found');
  if (pkcs11LibraryUsers(library) > 0)
    throw new Error('create the SoftHSM2 fixture before the PKCS#11 library is initialised');
  const tokenLabel = options.tokenLabel ?? 'sksml-test';
  const pin = options.pin ?? '246810';
  const soPin = options.soPin ?? '13579111';
  const directory = mkdtempSync(join(tmpdir(), 'sksml-softhsm-'));
  const tokenDir = join(directory, 'tokens');
  mkdirSync(tokenDir, { mode: 0o700 });
  const configPath = join(directory, 'softhsm2.conf');
  writeFileSync(
    configPath,
    [`directories.tokendir = ${tokenDir}`, 'objectstore.backend = file', 'log.level = ERROR', ''].join('\n'),
    { mode: 0o600 },
  );
  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = configPath;
  const env = { ...process.env, SOFTHSM2_CONF: configPath };
  const util = (args: string[]): void => {
    execFileSync('softhsm2-util', args, { env, stdio: 'pipe', timeout: 30_000 });
  };
  const initToken = (label: string): void =>
    util(['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', pin]);
  try {
    initToken(tokenLabel);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  let keyFiles = 0;
  return {
    directory,
    configPath,
    token: { library, tokenLabel, pin },
    soPin,
    importPrivateKey(pkcs8Pem, label, id) {
      keyFiles += 1;
      const file = join(directory, `import-${keyFiles}.pem`);
      writeFileSync(file, pkcs8Pem, { mode: 0o600 });
      try {
        util([
          '--import',
          file,
          '--token',
          tokenLabel,
          '--label',
          label,
          '--id',
          Buffer.from(id).toString('hex'),
          '--pin',
          pin,
        ]);
      } finally {
        rmSync(file, { force: true });
      }
    },
    initToken,
    cleanup() {
      if (previous === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previous;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
