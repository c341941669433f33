/**
 * Test support for the administration commands: a data folder of the embedded default (dev PKI,
 * escrow key pairs, sealing key) whose SQLite store is created through the store API with the
 * configured key classes and the registered dev client, as the server's first run leaves it. The
 * first folder is built once per process; later ones are copies, so each test group can tamper
 * with its own store.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generatePrivateKey,
  issueCredential,
  toCredential,
  type PkiCredential,
} from '../../../protocol/pki/credential.ts';
import { endEntityTemplate } from '../../../protocol/pki/roles.ts';
import { defaultDevConfig, DEV_CONFIG_FILES } from '../../config/default-dev-config.ts';
import { readRecordSealingKeys } from '../../config/secrets.ts';
import type { ServerConfig } from '../../config/server-config.ts';
import { DEV_CLIENT_FILES, DEV_CLIENT_ID, ensureDevData } from '../../dev/ensure-dev-data.ts';
import { createHmacSealer } from '../../integrity/hmac-sealer.ts';
import type { RecordSealer } from '../../integrity/record-sealer.ts';
import { createKeySealer, type KeySealer } from '../../service/key-sealing.ts';
import { syncKeyClasses } from '../../service/open-services.ts';
import { openSqliteStore } from '../../store/open-store.ts';
import type { SqlStore } from '../../store/sql-store.ts';
import { SqliteDatabase } from '../../store/sqlite/sqlite-database.ts';

export interface AdminDataDir {
  readonly dir: string;
  readonly config: ServerConfig;
  /** The escrow private keys of the dev data (escrow-1, escrow-2). */
  readonly escrowPrivateKeys: readonly string[];
  /** Opens the store as the server would (same sealing key). Close it before the CLI writes. */
  openStore(): Promise<SqlStore>;
  /** A raw connection to the SQLite file (the attacker's view), closed by cleanup. */
  raw(): SqliteDatabase;
  /** The key-at-rest sealer of the server (to compare recovered keys with stored ones). */
  keySealer(): KeySealer;
  /** Issues a client credential from the dev CA (not registered). */
  issueClient(commonName: string): PkiCredential;
  cleanup(): Promise<void>;
}

let template: string | undefined;

async function buildTemplate(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-admin-template-'));
  const dev = ensureDevData(dir);
  const store = await openSqliteStore({
    path: dev.config.store.kind === 'sqlite' ? dev.config.store.path : '',
    sealer: sealerOf(dev.config),
  });
  try {
    await syncKeyClasses(dev.config, store);
    const certificate = new X509Certificate(readFileSync(dev.clientCertificate, 'utf8'));
    await store.insertClient({
      id: DEV_CLIENT_ID,
      certificateDer: new Uint8Array(certificate.raw),
      subject: certificate.subject.replace(/\n/g, ', '),
      groups: ['dev'],
    });
  } finally {
    await store.close();
  }
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sealerOf(config: ServerConfig): RecordSealer {
  return createHmacSealer(readRecordSealingKeys(config.recordSealingKey, {}));
}

/**
 * Removes the prepared folder (call in a file-level afterAll: test runners may end worker
 * processes without an exit event). Later createAdminDataDir calls build it again.
 */
export function removeAdminTemplate(): void {
  if (template !== undefined) rmSync(template, { recursive: true, force: true });
  template = undefined;
}

/** A fresh copy of the prepared data folder. */
export async function createAdminDataDir(): Promise<AdminDataDir> {
  template ??= await buildTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'sksml-admin-'));
  cpSync(template, dir, { recursive: true });
  const config = defaultDevConfig(dir);
  const raws: SqliteDatabase[] = [];
  const stores: SqlStore[] = [];
  return {
    dir,
    config,
    escrowPrivateKeys: DEV_CLIENT_FILES.escrowPrivateKeys.map((p) => join(dir, p)),
    async openStore() {
      const store = await openSqliteStore({
        path: join(dir, DEV_CONFIG_FILES.store),
        sealer: sealerOf(config),
      });
      stores.push(store);
      return store;
    },
    raw() {
      const raw = new SqliteDatabase({ path: join(dir, DEV_CONFIG_FILES.store) });
      raws.push(raw);
      return raw;
    },
    keySealer() {
      const secrets = readRecordSealingKeys(config.recordSealingKey, {});
      return createKeySealer(secrets, secrets.previousKeys);
    },
    issueClient(commonName) {
      const ca = toCredential(
        new X509Certificate(readFileSync(join(dir, DEV_CONFIG_FILES.clientCa), 'utf8')),
        createPrivateKey(readFileSync(join(dir, DEV_CLIENT_FILES.caPrivateKey), 'utf8')),
      );
      const now = Date.now();
      return issueCredential(
        endEntityTemplate(
          'client',
          { commonName, organization: 'sksml development' },
          new Date(now - 60_000),
          new Date(now + 86_400_000),
        ),
        generatePrivateKey({ type: 'rsa', bits: 2048 }),
        ca,
      );
    },
    async cleanup() {
      for (const s of stores) await s.close();
      for (const r of raws) await r.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
