/**
 * The embedded default (spec/server.md §Embedded default): `sksml server` without a configuration
 * file runs on a data folder (default ./.sksml). On first run this creates, under that folder, a
 * dev PKI (one CA that issues the server certificate and the dev client certificate), two escrow
 * key pairs, and the record-sealing key; later runs reuse them. The files are those of
 * defaultDevConfig (reference-server/config/default-dev-config.ts) plus the dev client's credential.
 * Nothing existing is ever overwritten; a half-present set of files is refused.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import { generatePrivateKey, issueCredential } from '../../protocol/pki/credential.ts';
import { caTemplate, endEntityTemplate } from '../../protocol/pki/roles.ts';
import { DEV_CONFIG_FILES, defaultDevConfig } from '../config/default-dev-config.ts';
import type { ServerConfig } from '../config/server-config.ts';

/** The dev client's credential and the escrow private keys (dev only; production keeps them offline). */
export const DEV_CLIENT_FILES = Object.freeze({
  certificate: 'pki/dev-client.crt.pem',
  privateKey: 'pki/dev-client.key.pem',
  caPrivateKey: 'pki/client-ca.key.pem',
  escrowPrivateKeys: ['escrow/escrow-1.key.pem', 'escrow/escrow-2.key.pem'],
});

/** The id the dev client is registered under. */
export const DEV_CLIENT_ID = 'dev-client';

export interface DevData {
  readonly dataDir: string;
  readonly config: ServerConfig;
  /** True when this call created the files (first run). */
  readonly created: boolean;
  readonly serverCertificate: string;
  readonly clientCertificate: string;
  readonly clientPrivateKey: string;
  readonly caCertificate: string;
}

export class DevDataError extends SksmlError {}

const DAY = 86_400_000;

function writeNew(path: string, text: string, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  writeFileSync(tmp, text, { mode, flag: 'wx' });
  renameSync(tmp, path);
}

function createPki(at: (p: string) => string, now: Date): void {
  const org = 'sksml development';
  const notBefore = new Date(now.getTime() - 60_000);
  const ca = issueCredential(
    caTemplate(
      { commonName: 'sksml dev CA', organization: org },
      notBefore,
      new Date(now.getTime() + 3650 * DAY),
    ),
    generatePrivateKey({ type: 'rsa', bits: 2048 }),
  );
  const notAfter = new Date(now.getTime() + 825 * DAY);
  const server = issueCredential(
    endEntityTemplate('server', { commonName: 'sks-dev-server', organization: org }, notBefore, notAfter, [
      'localhost',
    ]),
    generatePrivateKey({ type: 'rsa', bits: 2048 }),
    ca,
  );
  const client = issueCredential(
    endEntityTemplate('client', { commonName: DEV_CLIENT_ID, organization: org }, notBefore, notAfter),
    generatePrivateKey({ type: 'rsa', bits: 2048 }),
    ca,
  );
  writeNew(at(DEV_CONFIG_FILES.clientCa), ca.certificatePem, 0o644);
  writeNew(at(DEV_CLIENT_FILES.caPrivateKey), ca.privateKeyPem, 0o600);
  writeNew(at(DEV_CONFIG_FILES.serverCertificate), server.certificatePem, 0o644);
  writeNew(at(DEV_CONFIG_FILES.serverPrivateKey), server.privateKeyPem, 0o600);
  writeNew(at(DEV_CLIENT_FILES.certificate), client.certificatePem, 0o644);
  writeNew(at(DEV_CLIENT_FILES.privateKey), client.privateKeyPem, 0o600);
}

function createEscrowKeys(at: (p: string) => string): void {
  DEV_CONFIG_FILES.escrowPublicKeys.forEach((publicPath, i) => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeNew(at(publicPath), publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
    writeNew(
      at(DEV_CLIENT_FILES.escrowPrivateKeys[i] as string),
      privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      0o600,
    );
  });
}

/** Creates what is missing of the embedded default under `dataDir` and returns its configuration. */
export function ensureDevData(dataDir: string, now: Date = new Date()): DevData {
  const dir = resolve(dataDir);
  const at = (p: string): string => join(dir, p);
  const groups = {
    pki: [
      DEV_CONFIG_FILES.clientCa,
      DEV_CLIENT_FILES.caPrivateKey,
      DEV_CONFIG_FILES.serverCertificate,
      DEV_CONFIG_FILES.serverPrivateKey,
      DEV_CLIENT_FILES.certificate,
      DEV_CLIENT_FILES.privateKey,
    ],
    escrow: [...DEV_CONFIG_FILES.escrowPublicKeys, ...DEV_CLIENT_FILES.escrowPrivateKeys],
    sealing: [DEV_CONFIG_FILES.sealingKey],
  };
  const missing = (files: readonly string[]): boolean => {
    const present = files.filter((f) => existsSync(at(f))).length;
    if (present !== 0 && present !== files.length)
      throw new DevDataError(
        'DEV_DATA_INCOMPLETE',
        `${dir} holds only part of the development files (${files.join(', ')}); move the folder away to start afresh`,
      );
    return present === 0;
  };
  const needPki = missing(groups.pki);
  const needEscrow = missing(groups.escrow);
  const needSealing = missing(groups.sealing);
  if (
    (needSealing && existsSync(at(DEV_CONFIG_FILES.store))) ||
    (needPki && existsSync(at(DEV_CONFIG_FILES.store)))
  )
    throw new DevDataError(
      'DEV_DATA_INCOMPLETE',
      `${dir} has a store but lost its keys or certificates; move the folder away to start afresh`,
    );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (needPki) createPki(at, now);
  if (needEscrow) createEscrowKeys(at);
  if (needSealing)
    writeNew(at(DEV_CONFIG_FILES.sealingKey), `${randomBytes(32).toString('base64')}\n`, 0o600);
  return {
    dataDir: dir,
    config: defaultDevConfig(dir),
    created: needPki || needEscrow || needSealing,
    serverCertificate: at(DEV_CONFIG_FILES.serverCertificate),
    clientCertificate: at(DEV_CLIENT_FILES.certificate),
    clientPrivateKey: at(DEV_CLIENT_FILES.privateKey),
    caCertificate: at(DEV_CONFIG_FILES.clientCa),
  };
}
