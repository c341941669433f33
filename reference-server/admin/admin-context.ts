/**
 * Opening the server's store for administration: the SAME store and the SAME record-sealing key as
 * the server, found from the server's configuration file (`--config FILE`) or from the embedded
 * default's data folder (`--data DIR`, spec/server-config.md §The embedded default). Nothing is
 * created here: a data folder or SQLite file without a store is refused (ADMIN_NO_STORE), so a
 * mistyped path never produces a fresh, empty store that the operator then edits in vain.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditLog } from '../audit/audit-log.ts';
import { DEV_CONFIG_FILES, defaultDevConfig } from '../config/default-dev-config.ts';
import { loadServerConfig } from '../config/load-server-config.ts';
import { readEnvSecret, readRecordSealingKeys, type Environment } from '../config/secrets.ts';
import type { ServerConfig } from '../config/server-config.ts';
import { createHmacSealer } from '../integrity/hmac-sealer.ts';
import type { IntegrityAlarm } from '../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../integrity/record-sealer.ts';
import { openPostgresStore, openSqliteStore } from '../store/open-store.ts';
import type { SqlStore } from '../store/sql-store.ts';
import { AdminError } from './admin-error.ts';

/** Where the server's data is: its configuration file, or the embedded default's data folder. */
export type AdminSource =
  { readonly kind: 'config'; readonly path: string } | { readonly kind: 'data'; readonly dir: string };

/** The data folder the server uses when neither --config nor --data is given. */
export const DEFAULT_DATA_DIR = '.sksml';

export interface AdminContext {
  readonly config: ServerConfig;
  /** The server's store, opened with the server's sealing key (every read is verified). */
  readonly store: SqlStore;
  /** The record sealer (also the audit sealer, as in the server). */
  readonly sealer: RecordSealer;
  /** Appends administrative actions to the server's audit chain. */
  readonly audit: AuditLog;
  /** Integrity alarms raised while this context was open. */
  readonly alarms: readonly IntegrityAlarm[];
  readonly env: Environment;
  readonly now: () => Date;
  close(): Promise<void>;
}

export interface AdminOpenOptions {
  /** Environment for secrets (sealing key, PostgreSQL connection string); default process.env. */
  readonly env?: Environment;
  readonly now?: () => Date;
}

function checkStoreFile(path: string, hint: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new AdminError('ADMIN_NO_STORE', `there is no store at ${path}; ${hint}`);
}

/** The server configuration behind `source`, checked to point at an existing store. */
export function resolveAdminConfig(source: AdminSource): ServerConfig {
  if (source.kind === 'config') {
    const config = loadServerConfig(source.path);
    if (config.store.kind === 'sqlite')
      checkStoreFile(
        config.store.path,
        'start the server with this configuration once (it creates and migrates the store), or correct store.path',
      );
    return config;
  }
  const dir = resolve(source.dir);
  if (!existsSync(dir))
    throw new AdminError(
      'ADMIN_NO_STORE',
      `the data folder ${dir} does not exist; run \`sksml server --data ${source.dir}\` once to create it`,
    );
  checkStoreFile(
    join(dir, DEV_CONFIG_FILES.store),
    `run \`sksml server --data ${source.dir}\` once to create it`,
  );
  if (!existsSync(join(dir, DEV_CONFIG_FILES.sealingKey)))
    throw new AdminError(
      'ADMIN_NO_STORE',
      `${join(dir, DEV_CONFIG_FILES.sealingKey)} is missing: the store cannot be verified without its sealing key`,
    );
  return defaultDevConfig(dir);
}

/** Opens the store of `config` with the server's record-sealing key. */
export async function openAdminContext(
  config: ServerConfig,
  options: AdminOpenOptions = {},
): Promise<AdminContext> {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const secrets = readRecordSealingKeys(config.recordSealingKey, env);
  const sealer = createHmacSealer(secrets);
  const alarms: IntegrityAlarm[] = [];
  const onIntegrityAlarm = (alarm: IntegrityAlarm): void => {
    alarms.push(alarm);
  };
  const store =
    config.store.kind === 'sqlite'
      ? await openSqliteStore({ path: config.store.path, sealer, onIntegrityAlarm, now })
      : await openPostgresStore({
          connectionString: readEnvSecret(config.store.connectionStringEnv, env, 'store.connectionStringEnv'),
          sealer,
          onIntegrityAlarm,
          now,
        });
  const audit = new AuditLog({ store, sealer, now, onIntegrityAlarm });
  return {
    config,
    store,
    sealer,
    audit,
    alarms,
    env,
    now,
    close: () => store.close(),
  };
}

/** Runs `fn` on an opened context and closes it afterwards, whatever happens. */
export async function withAdminContext<T>(
  source: AdminSource,
  fn: (ctx: AdminContext) => Promise<T>,
  options: AdminOpenOptions = {},
): Promise<T> {
  const ctx = await openAdminContext(resolveAdminConfig(source), options);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
