/**
 * A PKI on disk, as `sksml pki` manages it: DIR/ca.pem + ca-key.pem, server.pem + server-key.pem,
 * client-N.pem + client-N-key.pem and NAME.pem + NAME-key.pem for issued extras. Certificates are
 * PEM, private keys PKCS #8 PEM with mode 0600. Nothing already stored is ever destroyed: an
 * existing PKI is refused unless `force`, and then its files are moved to DIR/backup-<time>/.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { SksmlError } from '../errors/sksml-error.ts';
import { generatePrivateKey, issueCredential, type PkiCredential, toCredential } from './credential.ts';
import { parseCertificate } from './parse.ts';
import { caTemplate, type EndEntityRole, endEntityTemplate } from './roles.ts';

export type PkiDirectoryErrorCode =
  'PKI_EXISTS' | 'PKI_NO_CA' | 'PKI_BAD_NAME' | 'PKI_BAD_OPTION' | 'PKI_CA_KEY_MISMATCH';

export class PkiDirectoryError extends SksmlError {
  declare readonly code: PkiDirectoryErrorCode;

  constructor(code: PkiDirectoryErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export interface WrittenFile {
  readonly path: string;
  readonly kind: 'certificate' | 'private key';
  readonly subject: string;
}

export interface DirectoryResult {
  readonly written: readonly WrittenFile[];
  /** Where replaced files went (only with force). */
  readonly backupDir: string | undefined;
  readonly backedUp: readonly string[];
}

const DAY = 86_400_000;
const ORG = 'sksml PKI';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const RESERVED = new Set(['ca', 'backup']);

function checkBits(bits: number): void {
  if (bits !== 2048 && bits !== 3072 && bits !== 4096) {
    throw new PkiDirectoryError('PKI_BAD_OPTION', `RSA key size must be 2048, 3072 or 4096, not ${bits}`);
  }
}

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new PkiDirectoryError('PKI_BAD_OPTION', `validity must be 1 to 36500 days, not ${days}`);
  }
}

function writeAtomically(path: string, text: string, mode: number): void {
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, text, { mode, flag: 'wx' });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function moveToBackup(
  dir: string,
  names: readonly string[],
  now: Date,
): { backupDir: string | undefined; moved: string[] } {
  const present = names.filter((n) => existsSync(join(dir, n)));
  if (present.length === 0) return { backupDir: undefined, moved: [] };
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let backupDir = join(dir, `backup-${stamp}`);
  for (let i = 2; existsSync(backupDir); i++) backupDir = join(dir, `backup-${stamp}-${i}`);
  mkdirSync(backupDir, { mode: 0o700 });
  for (const n of present) renameSync(join(dir, n), join(backupDir, n));
  return { backupDir, moved: present.map((n) => join(backupDir, n)) };
}

function writeCredential(dir: string, base: string, cred: PkiCredential, written: WrittenFile[]): void {
  const subject = cred.certificate.subject.replace(/\n/g, ', ');
  writeAtomically(join(dir, `${base}.pem`), cred.certificatePem, 0o644);
  written.push({ path: join(dir, `${base}.pem`), kind: 'certificate', subject });
  writeAtomically(join(dir, `${base}-key.pem`), cred.privateKeyPem, 0o600);
  written.push({ path: join(dir, `${base}-key.pem`), kind: 'private key', subject });
}

export interface InitOptions {
  readonly clients?: number;
  readonly bits?: number;
  readonly force?: boolean;
  /** Validity of server and client certificates (the CA gets ten times as long). Default 365. */
  readonly days?: number;
  readonly now?: Date;
}

/** Creates a fresh CA, one server credential and `clients` client credentials in `dir`. */
export function initPkiDirectory(dir: string, options: InitOptions = {}): DirectoryResult {
  const clients = options.clients ?? 2;
  const bits = options.bits ?? 2048;
  const days = options.days ?? 365;
  const now = options.now ?? new Date();
  checkBits(bits);
  checkDays(days);
  if (!Number.isInteger(clients) || clients < 0 || clients > 1000) {
    throw new PkiDirectoryError('PKI_BAD_OPTION', `--clients must be 0 to 1000, not ${clients}`);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new PkiDirectoryError('PKI_BAD_OPTION', `${dir} exists and is not a directory`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const existing = readdirSync(dir).filter((n) => n.endsWith('.pem'));
  if (existing.length > 0 && options.force !== true) {
    throw new PkiDirectoryError(
      'PKI_EXISTS',
      `${dir} already holds a PKI (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', ...' : ''}); use --force to replace it (old files are kept in a backup folder)`,
    );
  }
  // Make every key before touching the disk, so a failure leaves the directory as it was.
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + days * DAY);
  const ca = issueCredential(
    caTemplate(
      { commonName: 'sksml CA', organization: ORG },
      notBefore,
      new Date(now.getTime() + days * 10 * DAY),
    ),
    generatePrivateKey({ type: 'rsa', bits }),
  );
  const server = issueCredential(
    endEntityTemplate('server', { commonName: 'sks-server', organization: ORG }, notBefore, notAfter, [
      'localhost',
    ]),
    generatePrivateKey({ type: 'rsa', bits }),
    ca,
  );
  const clientCreds = Array.from({ length: clients }, (_, i) =>
    issueCredential(
      endEntityTemplate('client', { commonName: `client-${i + 1}`, organization: ORG }, notBefore, notAfter),
      generatePrivateKey({ type: 'rsa', bits }),
      ca,
    ),
  );
  const { backupDir, moved } = moveToBackup(dir, existing, now);
  const written: WrittenFile[] = [];
  writeCredential(dir, 'ca', ca, written);
  writeCredential(dir, 'server', server, written);
  clientCreds.forEach((c, i) => writeCredential(dir, `client-${i + 1}`, c, written));
  return { written, backupDir, backedUp: moved };
}

/** The CA credential of a PKI directory, checked for key/certificate agreement. */
export function loadPkiCa(dir: string): PkiCredential {
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca-key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    throw new PkiDirectoryError(
      'PKI_NO_CA',
      `${dir} has no ca.pem and ca-key.pem (run sksml pki init first)`,
    );
  }
  const certificate = parseCertificate(readFileSync(certPath, 'utf8'));
  let privateKey;
  try {
    privateKey = createPrivateKey(readFileSync(keyPath, 'utf8'));
  } catch (e) {
    throw new PkiDirectoryError('PKI_NO_CA', `${keyPath} is not a readable private key`, { cause: e });
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new PkiDirectoryError('PKI_CA_KEY_MISMATCH', `${keyPath} does not belong to ${certPath}`);
  }
  return toCredential(certificate, privateKey);
}

export interface IssueOptions {
  readonly name: string;
  readonly usage?: EndEntityRole;
  readonly days?: number;
  /** Default: the CA's RSA key size. */
  readonly bits?: number;
  readonly force?: boolean;
  readonly now?: Date;
}

/** Issues NAME.pem + NAME-key.pem signed by the directory's CA. */
export function issueIntoDirectory(
  dir: string,
  options: IssueOptions,
): DirectoryResult & { credential: PkiCredential } {
  const { name } = options;
  if (!NAME.test(name) || RESERVED.has(name.toLowerCase()) || name.endsWith('-key') || name.includes('..')) {
    throw new PkiDirectoryError(
      'PKI_BAD_NAME',
      `'${name.slice(0, 80)}' is not a usable name (letters, digits, . _ -; not 'ca', not ending in -key)`,
    );
  }
  const days = options.days ?? 365;
  checkDays(days);
  const ca = loadPkiCa(dir);
  const bits = options.bits ?? ca.certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 2048;
  checkBits(bits);
  const files = [`${name}.pem`, `${name}-key.pem`];
  const clash = files.filter((f) => existsSync(join(dir, f)));
  if (clash.length > 0 && options.force !== true) {
    throw new PkiDirectoryError(
      'PKI_EXISTS',
      `${clash.join(' and ')} already exist in ${dir}; use --force to replace (old files are kept in a backup folder)`,
    );
  }
  const now = options.now ?? new Date();
  const role = options.usage ?? 'client';
  const credential = issueCredential(
    endEntityTemplate(
      role,
      { commonName: name, organization: ORG },
      new Date(now.getTime() - 60_000),
      new Date(now.getTime() + days * DAY),
      [name],
    ),
    generatePrivateKey({ type: 'rsa', bits }),
    ca,
  );
  const { backupDir, moved } = moveToBackup(dir, clash, now);
  const written: WrittenFile[] = [];
  writeCredential(dir, name, credential, written);
  return { written, backupDir, backedUp: moved, credential };
}
