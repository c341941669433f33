/**
 * parseServerConfig: the JSON value of a configuration file to a checked ServerConfig. Every field
 * is validated (types, ranges, unknown keys, files resolved against `baseDir` and checked to exist
 * and to hold what they promise, policies checked by the protocol validator); all problems are
 * collected and thrown together as one ConfigError (code CONFIG_INVALID).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError, type ConfigWarning } from './config-error.ts';
import {
  readCreatableFile,
  readExistingFile,
  readFileBytes,
  readPemCertificates,
  readPemPrivateKey,
  readPemPublicKey,
  rsaBits,
} from './config-files.ts';
import {
  createReadContext,
  field,
  join,
  readArray,
  readBoolean,
  readEnum,
  readEnvName,
  readInteger,
  readObject,
  readString,
  readU64,
  report,
  warn,
  type JsonObject,
  type ReadContext,
} from './json-fields.ts';
import { readKeyClass } from './read-key-class.ts';
import {
  CONFIG_DEFAULTS,
  CONFIG_RANGES,
  LOG_LEVELS,
  type AuthorizationConfig,
  type EscrowConfig,
  type GroupMember,
  type KeyClassConfig,
  type KeyProviderConfig,
  type LimitsConfig,
  type ListenConfig,
  type LoggingConfig,
  type RecordSealingKeyConfig,
  type SealingKeyEntry,
  type SecretSource,
  type ServerConfig,
  type ServerCredentials,
  type StoreConfig,
  type WssConfig,
} from './server-config.ts';

export interface ParseServerConfigOptions {
  /** Receives SHOULD-level remarks about an otherwise valid configuration. */
  readonly onWarning?: (warning: ConfigWarning) => void;
  /** Name of the source for error messages (the file path). */
  readonly source?: string;
}

const TOP_LEVEL_REQUIRED = [
  'domainId',
  'serverId',
  'listen',
  'credentials',
  'trustAnchors',
  'store',
  'recordSealingKey',
  'escrow',
  'keyClasses',
] as const;
const TOP_LEVEL_OPTIONAL = ['keyProvider', 'authorization', 'limits', 'wss', 'logging'] as const;

/** Minimum RSA size of the server, escrow and HSM keys (as SKSML-WSS-7 asks of signers). */
const MIN_RSA_BITS = 2048;

const LABEL = { maxLength: 255 };

function readListen(ctx: ReadContext, path: string, value: unknown): ListenConfig | undefined {
  const o = readObject(ctx, path, value, ['port'], ['host']);
  if (o === undefined) return undefined;
  const host =
    field(o, 'host') === undefined
      ? CONFIG_DEFAULTS.host
      : readString(ctx, join(path, 'host'), field(o, 'host'), {
          maxLength: 253,
          pattern: /^[A-Za-z0-9.:_-]+$/,
          patternText: 'a host name or IP address',
        });
  const port = readInteger(ctx, join(path, 'port'), field(o, 'port'), 0, 65535);
  if (host !== undefined && host !== '127.0.0.1' && host !== '::1' && host !== 'localhost')
    warn(ctx, join(path, 'host'), `the server listens on ${host}, not only on the loopback interface`);
  return host === undefined || port === undefined ? undefined : { host, port };
}

function readHsm(ctx: ReadContext, path: string, value: unknown, keyLabel: boolean) {
  const required = keyLabel
    ? ['module', 'tokenLabel', 'pinEnv', 'keyLabel']
    : ['module', 'tokenLabel', 'pinEnv'];
  const o = readObject(ctx, path, value, required);
  if (o === undefined) return undefined;
  const module = readExistingFile(ctx, join(path, 'module'), field(o, 'module'));
  const tokenLabel = readString(ctx, join(path, 'tokenLabel'), field(o, 'tokenLabel'), { maxLength: 32 });
  const pinEnv = readEnvName(ctx, join(path, 'pinEnv'), field(o, 'pinEnv'));
  const label = keyLabel ? readString(ctx, join(path, 'keyLabel'), field(o, 'keyLabel'), LABEL) : '';
  if (module === undefined || tokenLabel === undefined || pinEnv === undefined || label === undefined)
    return undefined;
  return { module, tokenLabel, pinEnv, keyLabel: label };
}

function readCredentials(ctx: ReadContext, path: string, value: unknown): ServerCredentials | undefined {
  const o = readObject(ctx, path, value, ['certificate'], ['privateKey', 'hsm']);
  if (o === undefined) return undefined;
  const hasKey = field(o, 'privateKey') !== undefined;
  const hasHsm = field(o, 'hsm') !== undefined;
  if (hasKey === hasHsm)
    return report(
      ctx,
      path,
      'must have exactly one of "privateKey" (a PEM file) and "hsm" (a key on a PKCS#11 token)',
    );
  const certificate = readExistingFile(ctx, join(path, 'certificate'), field(o, 'certificate'));
  const certs =
    certificate === undefined ? undefined : readPemCertificates(ctx, join(path, 'certificate'), certificate);
  const cert = certs?.[0];
  if (cert !== undefined) {
    const bits = rsaBits(cert.publicKey);
    if (bits === null || bits < MIN_RSA_BITS)
      report(
        ctx,
        join(path, 'certificate'),
        `the server certificate must have an RSA key of at least ${MIN_RSA_BITS} bits`,
      );
    const now = new Date();
    if (new Date(cert.validTo) < now)
      report(ctx, join(path, 'certificate'), `the server certificate expired on ${cert.validTo}`);
  }
  if (hasHsm) {
    const hsm = readHsm(ctx, join(path, 'hsm'), field(o, 'hsm'), true);
    return certificate === undefined || hsm === undefined ? undefined : { kind: 'hsm', certificate, hsm };
  }
  const privateKey = readExistingFile(ctx, join(path, 'privateKey'), field(o, 'privateKey'));
  if (privateKey === undefined || certificate === undefined) return undefined;
  const key = readPemPrivateKey(ctx, join(path, 'privateKey'), privateKey);
  if (key !== undefined && cert !== undefined) {
    const fromKey = createPublicKeyDer(key);
    const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
    if (fromKey === null || !fromKey.equals(fromCert))
      return report(ctx, join(path, 'privateKey'), 'the private key does not belong to the certificate');
  }
  return key === undefined ? undefined : { kind: 'file', certificate, privateKey };
}

function createPublicKeyDer(key: KeyObject): Buffer | null {
  try {
    // A private KeyObject yields its public half through createPublicKey.
    return createPublicKey(key).export({ type: 'spki', format: 'der' });
  } catch {
    return null;
  }
}

function readTrustAnchors(ctx: ReadContext, path: string, value: unknown): string[] | undefined {
  const list =
    typeof value === 'string' ? [value] : readArray(ctx, path, value, { minItems: 1, maxItems: 100 });
  if (list === undefined) return undefined;
  const out: string[] = [];
  let ok = true;
  for (const [i, item] of list.entries()) {
    const p = typeof value === 'string' ? path : join(path, i);
    const file = readExistingFile(ctx, p, item);
    const certs = file === undefined ? undefined : readPemCertificates(ctx, p, file);
    if (file === undefined || certs === undefined) ok = false;
    else out.push(file);
  }
  return ok ? out : undefined;
}

function readStore(ctx: ReadContext, path: string, value: unknown): StoreConfig | undefined {
  const o = readObject(ctx, path, value, ['kind'], ['path', 'connectionStringEnv']);
  if (o === undefined) return undefined;
  const kind = readEnum(ctx, join(path, 'kind'), field(o, 'kind'), ['sqlite', 'postgres'] as const);
  if (kind === 'sqlite') {
    if (field(o, 'connectionStringEnv') !== undefined)
      return report(ctx, join(path, 'connectionStringEnv'), 'only for kind "postgres"');
    if (field(o, 'path') === undefined)
      return report(ctx, join(path, 'path'), 'is required for kind "sqlite"');
    const file = readCreatableFile(ctx, join(path, 'path'), field(o, 'path'));
    return file === undefined ? undefined : { kind, path: file };
  }
  if (kind === 'postgres') {
    if (field(o, 'path') !== undefined) return report(ctx, join(path, 'path'), 'only for kind "sqlite"');
    if (field(o, 'connectionStringEnv') === undefined)
      return report(ctx, join(path, 'connectionStringEnv'), 'is required for kind "postgres"');
    const name = readEnvName(ctx, join(path, 'connectionStringEnv'), field(o, 'connectionStringEnv'));
    return name === undefined ? undefined : { kind, connectionStringEnv: name };
  }
  return undefined;
}

function readSecretSource(ctx: ReadContext, path: string, o: JsonObject): SecretSource | undefined {
  const hasFile = field(o, 'file') !== undefined;
  const hasEnv = field(o, 'env') !== undefined;
  if (hasFile === hasEnv) return report(ctx, path, 'must have exactly one of "file" and "env"');
  if (hasEnv) {
    const name = readEnvName(ctx, join(path, 'env'), field(o, 'env'));
    return name === undefined ? undefined : { kind: 'env', name };
  }
  const file = readExistingFile(ctx, join(path, 'file'), field(o, 'file'));
  if (file === undefined) return undefined;
  const bytes = readFileBytes(ctx, join(path, 'file'), file);
  if (bytes === undefined) return undefined;
  const text = bytes.toString('latin1').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || Buffer.from(text, 'base64').length < 32)
    return report(ctx, join(path, 'file'), `must hold at least 32 bytes written as base64 text: ${file}`);
  return { kind: 'file', path: file };
}

const KEY_ID = {
  maxLength: 64,
  pattern: /^[A-Za-z0-9._-]+$/,
  patternText: 'letters, digits, ".", "_" or "-"',
};

function readSealingEntry(
  ctx: ReadContext,
  path: string,
  value: unknown,
  previous: boolean,
): SealingKeyEntry | undefined {
  const o = readObject(
    ctx,
    path,
    value,
    previous ? ['keyId'] : [],
    previous ? ['file', 'env'] : ['keyId', 'file', 'env', 'previousKeys'],
  );
  if (o === undefined) return undefined;
  const keyId =
    field(o, 'keyId') === undefined
      ? CONFIG_DEFAULTS.sealingKeyId
      : readString(ctx, join(path, 'keyId'), field(o, 'keyId'), KEY_ID);
  const source = readSecretSource(ctx, path, o);
  return keyId === undefined || source === undefined ? undefined : { keyId, source };
}

function readRecordSealingKey(
  ctx: ReadContext,
  path: string,
  value: unknown,
): RecordSealingKeyConfig | undefined {
  const current = readSealingEntry(ctx, path, value, false);
  const o = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
  const previousKeys: SealingKeyEntry[] = [];
  const prev = field(o, 'previousKeys');
  if (prev !== undefined) {
    const list = readArray(ctx, join(path, 'previousKeys'), prev, { maxItems: 16 });
    for (const [i, item] of (list ?? []).entries()) {
      const e = readSealingEntry(ctx, join(join(path, 'previousKeys'), i), item, true);
      if (e !== undefined) previousKeys.push(e);
    }
  }
  const ids = [current?.keyId, ...previousKeys.map((k) => k.keyId)].filter((k) => k !== undefined);
  if (new Set(ids).size !== ids.length)
    return report(ctx, join(path, 'previousKeys'), 'every keyId must be different');
  return current === undefined ? undefined : { ...current, previousKeys };
}

function readKeyProvider(ctx: ReadContext, path: string, value: unknown): KeyProviderConfig | undefined {
  if (value === undefined) return { kind: 'node' };
  const o = readObject(ctx, path, value, ['kind'], ['module', 'tokenLabel', 'pinEnv']);
  if (o === undefined) return undefined;
  const kind = readEnum(ctx, join(path, 'kind'), field(o, 'kind'), ['node', 'pkcs11'] as const);
  if (kind === 'node') {
    for (const k of ['module', 'tokenLabel', 'pinEnv'])
      if (field(o, k) !== undefined) report(ctx, join(path, k), 'only for kind "pkcs11"');
    return { kind };
  }
  if (kind === 'pkcs11') {
    const { kind: _k, ...rest } = o;
    const hsm = readHsm(ctx, path, rest, false);
    return hsm === undefined
      ? undefined
      : { kind, module: hsm.module, tokenLabel: hsm.tokenLabel, pinEnv: hsm.pinEnv };
  }
  return undefined;
}

function readEscrow(ctx: ReadContext, path: string, value: unknown): EscrowConfig | undefined {
  const o = readObject(ctx, path, value, ['publicKeys']);
  if (o === undefined) return undefined;
  const kp = join(path, 'publicKeys');
  const list = readArray(ctx, kp, field(o, 'publicKeys'), { minItems: 2, maxItems: 16 });
  if (list === undefined) return undefined;
  const files: string[] = [];
  const seen = new Map<string, number>();
  let ok = true;
  for (const [i, item] of list.entries()) {
    const p = join(kp, i);
    const file = readExistingFile(ctx, p, item);
    const key = file === undefined ? undefined : readPemPublicKey(ctx, p, file);
    if (file === undefined || key === undefined) {
      ok = false;
      continue;
    }
    const bits = rsaBits(key);
    if (bits === null || bits < MIN_RSA_BITS) {
      ok = false;
      report(ctx, p, `an escrow key must be an RSA key of at least ${MIN_RSA_BITS} bits`);
      continue;
    }
    const id = createHash('sha256')
      .update(key.export({ type: 'spki', format: 'der' }))
      .digest('hex');
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      ok = false;
      report(ctx, p, `is the same key as publicKeys[${earlier}]: escrow needs at least two different keys`);
      continue;
    }
    seen.set(id, i);
    files.push(file);
  }
  return ok ? { publicKeys: files } : undefined;
}

function readKeyClasses(
  ctx: ReadContext,
  path: string,
  value: unknown,
  domainId: bigint | undefined,
): KeyClassConfig[] | undefined {
  const list = readArray(ctx, path, value, { minItems: 1, maxItems: 1000 });
  if (list === undefined) return undefined;
  const classes: KeyClassConfig[] = [];
  let ok = true;
  for (const [i, item] of list.entries()) {
    const c = readKeyClass(ctx, join(path, i), item, domainId);
    if (c === undefined) {
      ok = false;
      continue;
    }
    classes.push(c);
    // A configuration remark only: the admin key-class file does not store the interval.
    if (c.requiresApproval === false && field(item as JsonObject, 'requestCheckInterval') !== undefined)
      warn(
        ctx,
        join(join(path, i), 'requestCheckInterval'),
        'has no effect: the class does not require approval',
      );
  }
  const firstIndex = new Map<string, number>();
  const kupIds = new Map<string, number>();
  const kcpIds = new Map<string, number>();
  for (const [i, c] of classes.entries()) {
    const p = join(path, i);
    const dup = (map: Map<string, number>, key: string, at: string, what: string): void => {
      const earlier = map.get(key);
      if (earlier === undefined) map.set(key, i);
      else {
        ok = false;
        report(ctx, at, `${what} is also used by keyClasses[${earlier}]`);
      }
    };
    dup(firstIndex, c.name, join(p, 'name'), `key class name ${JSON.stringify(c.name)}`);
    const kup = c.keyUsePolicy.keyUsePolicyId;
    dup(kupIds, `${kup.domainId}-${kup.localId}`, join(join(p, 'keyUsePolicy'), 'id'), 'KeyUsePolicyID');
    const kcp = c.keyCachePolicy.keyCachePolicyId;
    dup(kcpIds, `${kcp.domainId}-${kcp.localId}`, join(join(p, 'keyCachePolicy'), 'id'), 'KeyCachePolicyID');
  }
  if (ok) {
    const defaults = classes.filter((c) => c.isDefault);
    // SKSML-SRV-43: a new-key request without KeyClasses gets a key of the default class.
    if (defaults.length !== 1)
      return report(
        ctx,
        path,
        `exactly one key class must have "default": true (found ${defaults.length}${defaults.length > 1 ? `: ${defaults.map((d) => d.name).join(', ')}` : ''})`,
      );
  }
  return ok ? classes : undefined;
}

const FINGERPRINT = /^(?:sha256:)?((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64})$/;

function readGroupMember(ctx: ReadContext, path: string, value: unknown): GroupMember | undefined {
  const text = readString(ctx, path, value, { maxLength: 1024 });
  if (text === undefined) return undefined;
  const t = text.trim();
  const m = FINGERPRINT.exec(t);
  if (m !== null) return { kind: 'fingerprint', sha256: (m[1] ?? '').replace(/:/g, '').toLowerCase() };
  if (t.startsWith('sha256:'))
    return report(ctx, path, 'a fingerprint is "sha256:" followed by 64 hex digits');
  if (!t.includes('='))
    return report(
      ctx,
      path,
      'must be a certificate fingerprint ("sha256:<64 hex digits>") or a subject DN ("CN=...,O=...")',
    );
  return { kind: 'subject', subject: t };
}

function readAuthorization(ctx: ReadContext, path: string, value: unknown): AuthorizationConfig | undefined {
  if (value === undefined) return { mode: CONFIG_DEFAULTS.authorizationMode, groups: new Map() };
  const o = readObject(ctx, path, value, [], ['mode', 'groups']);
  if (o === undefined) return undefined;
  const mode =
    field(o, 'mode') === undefined
      ? CONFIG_DEFAULTS.authorizationMode
      : readEnum(ctx, join(path, 'mode'), field(o, 'mode'), ['owner', 'owner-or-group'] as const);
  const groups = new Map<string, GroupMember[]>();
  const g = field(o, 'groups');
  let ok = true;
  if (g !== undefined) {
    const gp = join(path, 'groups');
    const go = readObject(ctx, gp, g, [], Object.keys(typeof g === 'object' && g !== null ? g : {}));
    for (const [name, members] of Object.entries(go ?? {})) {
      if (name === '$comment') continue;
      const np = join(gp, name);
      if (
        readString(ctx, np, name, {
          ...LABEL,
          pattern: /^[^\s].*$/,
          patternText: 'a group name not starting with white space',
        }) === undefined
      ) {
        ok = false;
        continue;
      }
      const list = readArray(ctx, np, members, { minItems: 1, maxItems: 10_000 });
      if (list === undefined) {
        ok = false;
        continue;
      }
      const parsed: GroupMember[] = [];
      for (const [i, m] of list.entries()) {
        const member = readGroupMember(ctx, join(np, i), m);
        if (member === undefined) ok = false;
        else parsed.push(member);
      }
      groups.set(name, parsed);
    }
    if (go === undefined) ok = false;
  }
  if (mode === 'owner-or-group' && ok && groups.size === 0)
    warn(
      ctx,
      join(path, 'mode'),
      '"owner-or-group" without groups behaves like "owner" (unless clients have groups in the store)',
    );
  if (mode === 'owner' && groups.size > 0)
    warn(ctx, join(path, 'groups'), 'groups are ignored in mode "owner"');
  return mode === undefined || !ok ? undefined : { mode, groups };
}

function readRanged(
  ctx: ReadContext,
  o: JsonObject,
  path: string,
  key: keyof typeof CONFIG_RANGES,
  fallback: number,
): number | undefined {
  const v = field(o, key);
  if (v === undefined) return fallback;
  const [lo, hi] = CONFIG_RANGES[key];
  return readInteger(ctx, join(path, key), v, lo, hi);
}

function readLimits(ctx: ReadContext, path: string, value: unknown): LimitsConfig | undefined {
  const d = CONFIG_DEFAULTS.limits;
  if (value === undefined) return d;
  const o = readObject(
    ctx,
    path,
    value,
    [],
    ['maxBodyBytes', 'maxConcurrent', 'requestTimeoutMs', 'maxItemsPerRequest', 'replayCacheEntries'],
  );
  if (o === undefined) return undefined;
  const maxBodyBytes = readRanged(ctx, o, path, 'maxBodyBytes', d.maxBodyBytes);
  const maxConcurrent = readRanged(ctx, o, path, 'maxConcurrent', d.maxConcurrent);
  const requestTimeoutMs = readRanged(ctx, o, path, 'requestTimeoutMs', d.requestTimeoutMs);
  const maxItemsPerRequest = readRanged(ctx, o, path, 'maxItemsPerRequest', d.maxItemsPerRequest);
  const replayCacheEntries = readRanged(ctx, o, path, 'replayCacheEntries', d.replayCacheEntries);
  if (
    maxBodyBytes === undefined ||
    maxConcurrent === undefined ||
    requestTimeoutMs === undefined ||
    maxItemsPerRequest === undefined ||
    replayCacheEntries === undefined
  )
    return undefined;
  return { maxBodyBytes, maxConcurrent, requestTimeoutMs, maxItemsPerRequest, replayCacheEntries };
}

function readWss(ctx: ReadContext, path: string, value: unknown): WssConfig | undefined {
  const d = CONFIG_DEFAULTS.wss;
  if (value === undefined) return d;
  const o = readObject(
    ctx,
    path,
    value,
    [],
    ['maxClockSkewSeconds', 'maxLifetimeSeconds', 'allowRsaSha1', 'keyTransport', 'allowLegacyRsa15'],
  );
  if (o === undefined) return undefined;
  const maxClockSkewSeconds = readRanged(ctx, o, path, 'maxClockSkewSeconds', d.maxClockSkewSeconds);
  const maxLifetimeSeconds = readRanged(ctx, o, path, 'maxLifetimeSeconds', d.maxLifetimeSeconds);
  const bool = (k: string, fallback: boolean): boolean | undefined =>
    field(o, k) === undefined ? fallback : readBoolean(ctx, join(path, k), field(o, k));
  const allowRsaSha1 = bool('allowRsaSha1', d.allowRsaSha1);
  const allowLegacyRsa15 = bool('allowLegacyRsa15', d.allowLegacyRsa15);
  let keyTransport: WssConfig['keyTransport'] | undefined = d.keyTransport;
  if (field(o, 'keyTransport') !== undefined) {
    if (field(o, 'keyTransport') === 'rsa-1_5')
      report(
        ctx,
        join(path, 'keyTransport'),
        'rsa-1_5 is never the default key transport: set "allowLegacyRsa15" and register legacy clients instead (SKSML-WSS-25)',
      );
    else
      keyTransport = readEnum(ctx, join(path, 'keyTransport'), field(o, 'keyTransport'), [
        'rsa-oaep-mgf1p',
        'rsa-oaep',
      ] as const);
  }
  // SKSML-WSS-10 bounds the lifetime a signer writes; a verifier allowing more would accept messages no conforming signer sends.
  if (maxLifetimeSeconds !== undefined && maxLifetimeSeconds > 300)
    warn(
      ctx,
      join(path, 'maxLifetimeSeconds'),
      'above 300 s, the lifetime SKSML-WSS-10 allows; replayable for longer',
    );
  if (allowRsaSha1 === true)
    warn(
      ctx,
      join(path, 'allowRsaSha1'),
      'RSA-SHA1 request signatures are accepted (legacy peers only, SKSML-WSS-13)',
    );
  if (allowLegacyRsa15 === true)
    warn(
      ctx,
      join(path, 'allowLegacyRsa15'),
      'rsa-1_5 key transport is allowed for clients registered as legacy',
    );
  if (
    maxClockSkewSeconds === undefined ||
    maxLifetimeSeconds === undefined ||
    allowRsaSha1 === undefined ||
    allowLegacyRsa15 === undefined ||
    keyTransport === undefined
  )
    return undefined;
  return { maxClockSkewSeconds, maxLifetimeSeconds, allowRsaSha1, keyTransport, allowLegacyRsa15 };
}

function readLogging(ctx: ReadContext, path: string, value: unknown): LoggingConfig | undefined {
  if (value === undefined) return { level: CONFIG_DEFAULTS.logLevel };
  const o = readObject(ctx, path, value, [], ['level']);
  if (o === undefined) return undefined;
  const level =
    field(o, 'level') === undefined
      ? CONFIG_DEFAULTS.logLevel
      : readEnum(ctx, join(path, 'level'), field(o, 'level'), LOG_LEVELS);
  return level === undefined ? undefined : { level };
}

/**
 * Checks the parsed JSON of a configuration file and returns the typed configuration. Relative
 * paths are resolved against `baseDir` (the folder of the configuration file). Throws ConfigError
 * (CONFIG_INVALID) listing every problem.
 */
// SKSML-SRV-114: the whole configuration is checked; every problem is reported, nothing starts on an invalid file.
export function parseServerConfig(
  json: unknown,
  baseDir: string,
  options: ParseServerConfigOptions = {},
): ServerConfig {
  const ctx = createReadContext(baseDir);
  const o = readObject(ctx, '', json, TOP_LEVEL_REQUIRED, TOP_LEVEL_OPTIONAL);
  if (o === undefined) throw new ConfigError('CONFIG_INVALID', ctx.issues, { source: options.source });
  // SKSML-SRV-50: the DomainID is the organisation's IANA PEN; ServerIDs 0 only ever mean "new key".
  const domainId = readU64(ctx, 'domainId', field(o, 'domainId'), 1n);
  const serverId = readU64(ctx, 'serverId', field(o, 'serverId'), 1n);
  const listen = readListen(ctx, 'listen', field(o, 'listen'));
  const credentials = readCredentials(ctx, 'credentials', field(o, 'credentials'));
  const trustAnchors = readTrustAnchors(ctx, 'trustAnchors', field(o, 'trustAnchors'));
  const store = readStore(ctx, 'store', field(o, 'store'));
  const recordSealingKey = readRecordSealingKey(ctx, 'recordSealingKey', field(o, 'recordSealingKey'));
  const keyProvider = readKeyProvider(ctx, 'keyProvider', field(o, 'keyProvider'));
  const escrow = readEscrow(ctx, 'escrow', field(o, 'escrow'));
  const keyClasses = readKeyClasses(ctx, 'keyClasses', field(o, 'keyClasses'), domainId);
  const authorization = readAuthorization(ctx, 'authorization', field(o, 'authorization'));
  const limits = readLimits(ctx, 'limits', field(o, 'limits'));
  const wss = readWss(ctx, 'wss', field(o, 'wss'));
  const logging = readLogging(ctx, 'logging', field(o, 'logging'));
  if (
    ctx.issues.length > 0 ||
    domainId === undefined ||
    serverId === undefined ||
    listen === undefined ||
    credentials === undefined ||
    trustAnchors === undefined ||
    store === undefined ||
    recordSealingKey === undefined ||
    keyProvider === undefined ||
    escrow === undefined ||
    keyClasses === undefined ||
    authorization === undefined ||
    limits === undefined ||
    wss === undefined ||
    logging === undefined
  ) {
    if (ctx.issues.length === 0) report(ctx, '', 'invalid configuration');
    throw new ConfigError('CONFIG_INVALID', ctx.issues, { source: options.source });
  }
  for (const w of ctx.warnings) options.onWarning?.(w);
  return {
    domainId,
    serverId,
    listen,
    credentials,
    trustAnchors,
    store,
    recordSealingKey,
    keyProvider,
    escrow,
    keyClasses,
    authorization,
    limits,
    wss,
    logging,
  };
}
