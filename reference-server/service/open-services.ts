/**
 * openServices: builds one server instance's components from its configuration — record sealer,
 * store (SQLite or PostgreSQL), key provider (node:crypto or PKCS#11), escrow keys, trust anchors,
 * response signer, audit log, schema validator, replay cache — and writes the configured key
 * classes into the store. Whatever was opened is closed again if a later step fails.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadTrustAnchors } from '../../protocol/pki/parse.ts';
import type { SchemaValidator } from '../../protocol/schema/engine.ts';
import { loadSksmlSchemas } from '../../protocol/schema/load.ts';
import { createReplayCache, type ReplayCache } from '../../protocol/wss/replay-cache.ts';
import {
  createEnvelopeSigner,
  createExternalEnvelopeSigner,
  type EnvelopeSigner,
} from '../../protocol/wss/sign.ts';
import { AuditLog } from '../audit/audit-log.ts';
import type { DefectSwitches } from '../defects/defect-switches.ts';
import { keyProviderWithDefects } from '../defects/key-provider.ts';
import { signerWithDefects } from '../defects/response-signer.ts';
import { ConfigError } from '../config/config-error.ts';
import { readEnvSecret, readRecordSealingKeys, type Environment } from '../config/secrets.ts';
import type { ServerConfig } from '../config/server-config.ts';
import { parseEscrowPublicKeys } from '../escrow/escrow-public-keys.ts';
import { createKeyEscrow } from '../escrow/key-escrow.ts';
import { createHmacSealer } from '../integrity/hmac-sealer.ts';
import type { IntegrityAlarm } from '../integrity/integrity-alarm.ts';
import { createKeyProvider } from '../keys/key-provider-config.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { openPostgresStore, openSqliteStore } from '../store/open-store.ts';
import type { SksStore } from '../store/store.ts';
import { openPkcs11Signer } from '../signing/pkcs11-signer.ts';
import { keyClassRow } from './key-class-codec.ts';
import { createKeySealer } from './key-sealing.ts';
import { createJsonLogger, type ServerLogger } from './request-log.ts';
import type { SksServices } from './services.ts';

/** Parts a caller (a test, a benchmark) may supply instead of having them built from the config. */
export interface ServerDeps {
  /** Environment for secrets (PINs, sealing keys, connection strings); default process.env. */
  readonly env?: Environment;
  readonly now?: () => Date;
  readonly logger?: ServerLogger;
  readonly keyProvider?: KeyProvider;
  readonly schemas?: SchemaValidator;
  readonly replayCache?: ReplayCache;
  /**
   * TEST-ONLY: defect switches that break this instance on purpose (tests/certification). Never
   * read from a configuration file, the environment or a CLI flag.
   */
  readonly defects?: DefectSwitches;
}

const MAX_KEPT_ALARMS = 1000;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError('CONFIG_UNREADABLE', [{ path: what, message: `cannot read ${path}` }], { cause });
  }
}

function openStore(
  config: ServerConfig,
  env: Environment,
  options: Parameters<typeof openSqliteStore>[0],
): Promise<SksStore> {
  if (config.store.kind === 'sqlite') return openSqliteStore({ ...options, path: config.store.path });
  const connectionString = readEnvSecret(config.store.connectionStringEnv, env, 'store.connectionStringEnv');
  return openPostgresStore({ ...options, connectionString });
}

function openKeyProvider(config: ServerConfig, env: Environment): KeyProvider {
  const kp = config.keyProvider;
  if (kp.kind === 'node') return createKeyProvider({ kind: 'node-crypto' });
  return createKeyProvider({
    kind: 'pkcs11',
    library: kp.module,
    tokenLabel: kp.tokenLabel,
    pin: readEnvSecret(kp.pinEnv, env, 'keyProvider.pinEnv'),
  });
}

/** Writes every configured key class whose stored row differs (or is missing) into the store. */
export async function syncKeyClasses(config: ServerConfig, store: SksStore): Promise<number> {
  let written = 0;
  for (const keyClass of config.keyClasses) {
    const row = keyClassRow(keyClass);
    const stored = await store.getKeyClass(row.name);
    if (
      stored === undefined ||
      stored.keyUsePolicy !== row.keyUsePolicy ||
      stored.keyCachePolicy !== row.keyCachePolicy ||
      stored.requiresApproval !== row.requiresApproval
    ) {
      await store.putKeyClass(row);
      written += 1;
    }
  }
  return written;
}

export async function openServices(config: ServerConfig, deps: ServerDeps = {}): Promise<SksServices> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? createJsonLogger(config.logging.level);
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.event('error', {
          event: 'close-failed',
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
  };
  const alarms: IntegrityAlarm[] = [];
  const onIntegrityAlarm = (alarm: IntegrityAlarm): void => {
    alarms.push(alarm);
    if (alarms.length > MAX_KEPT_ALARMS) alarms.shift();
    logger.event('error', {
      event: 'integrity-alarm',
      table: alarm.table,
      primaryKey: alarm.primaryKey,
      reason: alarm.reason,
    });
  };
  try {
    // Credentials and files first: cheap checks before anything is opened.
    const serverCertificate = new X509Certificate(
      readText(config.credentials.certificate, 'credentials.certificate'),
    );
    let signEnvelope: EnvelopeSigner;
    if (config.credentials.kind === 'file') {
      const privateKey = createPrivateKey(readText(config.credentials.privateKey, 'credentials.privateKey'));
      signEnvelope = createEnvelopeSigner({ certificate: serverCertificate, privateKey });
    } else {
      // SKSML-SRV-36: responses signed with the key on the token (CKM_SHA256_RSA_PKCS).
      const { hsm } = config.credentials;
      const signer = openPkcs11Signer({
        library: hsm.module,
        tokenLabel: hsm.tokenLabel,
        pin: readEnvSecret(hsm.pinEnv, env, 'credentials.hsm.pinEnv'),
        keyLabel: hsm.keyLabel,
        certificate: serverCertificate,
      });
      closers.push(() => signer.close());
      signEnvelope = createExternalEnvelopeSigner(serverCertificate, (data) => {
        const signature = signer.sign(data, 'rsa-sha256');
        if (signature instanceof Promise) throw new TypeError('the response signer must sign synchronously');
        return signature;
      });
    }
    const trustAnchors = config.trustAnchors.flatMap((path) =>
      loadTrustAnchors(readText(path, 'trustAnchors')),
    );
    const escrowPublicKeys = parseEscrowPublicKeys(
      config.escrow.publicKeys.map((path) => readText(path, 'escrow.publicKeys')),
    );
    // One escrow writer per server process: it holds the data-key epochs (escrow/key-escrow.ts).
    const keyEscrow = createKeyEscrow(escrowPublicKeys);
    closers.push(() => keyEscrow.dispose());
    const secrets = readRecordSealingKeys(config.recordSealingKey, env);
    const recordSealer = createHmacSealer(secrets);
    const keySealer = createKeySealer(secrets, secrets.previousKeys);

    const store = await openStore(config, env, { path: '', sealer: recordSealer, onIntegrityAlarm, now });
    closers.push(() => store.close());
    await syncKeyClasses(config, store);

    const keyProvider = keyProviderWithDefects(deps, deps.keyProvider ?? openKeyProvider(config, env));
    closers.push(() => keyProvider.close());
    const schemas = deps.schemas ?? (await loadSksmlSchemas('libxml2'));
    closers.push(() => schemas.close());

    const audit = new AuditLog({ store, sealer: recordSealer, now, onIntegrityAlarm });
    let closed = false;
    return {
      config,
      store,
      keyProvider,
      keySealer,
      keyEscrow,
      trustAnchors,
      audit,
      signEnvelope: signerWithDefects(deps, signEnvelope),
      serverCertificate,
      schemas,
      // SKSML-WSS-22: sized for 600 s of traffic (spec/server-config.md, limits.replayCacheEntries).
      replayCache: deps.replayCache ?? createReplayCache({ maxEntries: config.limits.replayCacheEntries }),
      logger,
      now,
      alarms,
      ...(deps.defects === undefined ? {} : { defects: deps.defects }),
      async close() {
        if (closed) return;
        closed = true;
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
