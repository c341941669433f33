/**
 * `sksml client`: the reference client (SKCL) from the command line.
 *
 *   sksml client new-key [--key-class C]...      new key(s); prints GlobalKeyID, class, policy
 *   sksml client get-key GKID                     a key by GlobalKeyID (cache first, then server)
 *   sksml client kcp                              the KeyCachePolicies that apply to this client
 *   sksml client encrypt FILE|- [--out F]         an xenc:EncryptedData under a new key
 *   sksml client decrypt FILE|- [--out F]         the plaintext of an xenc:EncryptedData
 *
 * Connection: --server URL (repeatable, failover order), --cert, --key, --ca (the server's trust
 * anchor, repeatable), --domain-id N, --cache DIR, or the same from --config FILE (JSON; flags
 * win). Key bytes are never printed unless --show-key is given (for testing only).
 * Exit 0 success, 1 a refusal (server error or fault, policy denial, failed decryption),
 * 2 usage errors and unreadable input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PERMITTED_LEVELS, isOneOf } from '../../protocol/model/enumerations.ts';
import { formatTwoPartID } from '../../protocol/model/identifiers.ts';
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { ApplicationContext, LocationContext } from '../../protocol/policy/key-use-types.ts';
import { PolicyError } from '../../protocol/policy/policy-error.ts';
import { KeyCacheError } from '../../reference-client/cache/cache-error.ts';
import { createFileKeyCacheStore } from '../../reference-client/cache/file-key-cache-store.ts';
import { createKeyCache } from '../../reference-client/cache/key-cache.ts';
import { createMemoryKeyCacheStore } from '../../reference-client/cache/memory-key-cache-store.ts';
import { createClient } from '../../reference-client/client/create-client.ts';
import { DataEncryptionError } from '../../reference-client/data/data-error.ts';
import type { PlaintextType } from '../../reference-client/data/encrypt-data.ts';
import { ClientError } from '../../reference-client/errors/client-error.ts';
import { createSkcl, type Skcl } from '../../reference-client/skcl.ts';
import type { HeldKey } from '../../reference-client/usage/held-key.ts';
import { summarizeKeyUsePolicy } from '../../reference-client/usage/policy-summary.ts';
import { KeyUnavailableError, KeyUseDeniedError } from '../../reference-client/usage/usage-errors.ts';
import { type CliIo, processIo, UsageError } from '../io.ts';

const USAGE = `usage: sksml client new-key [--key-class C]... [--json] [--show-key]
       sksml client get-key GLOBALKEYID [--json] [--show-key]
       sksml client kcp [--json]
       sksml client encrypt FILE|- [--key-class C] [--strict] [--type auto|element|content|octets] [--out FILE]
       sksml client decrypt FILE|- [--strict] [--out FILE]
connection (or from --config FILE.json; flags win):
  --server URL (repeatable, failover order)  --cert CERT.pem  --key KEY.pem  --ca CA.pem (repeatable)
  --domain-id N  --cache DIR (required for encrypt/decrypt)  --timeout SECONDS  --wait SECONDS
key-use context: --app-id D-N --app-name NAME --app-version V --level LEVEL --location NAME
  [--latitude DEG --longitude DEG] --use USE --time-zone ZONE
--show-key prints key bytes (base64): for testing only.
`;

/** A CliIo that can also take bytes (the plaintext of decrypt). */
export interface ClientCliIo extends CliIo {
  readonly outBytes?: (bytes: Uint8Array) => void;
}

const OPTIONS = {
  server: { type: 'string', multiple: true },
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string', multiple: true },
  cache: { type: 'string' },
  'domain-id': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  'show-key': { type: 'boolean' },
  'key-class': { type: 'string', multiple: true },
  out: { type: 'string' },
  strict: { type: 'boolean' },
  type: { type: 'string' },
  'mime-type': { type: 'string' },
  'app-id': { type: 'string' },
  'app-name': { type: 'string' },
  'app-version': { type: 'string' },
  level: { type: 'string' },
  location: { type: 'string' },
  latitude: { type: 'string' },
  longitude: { type: 'string' },
  use: { type: 'string' },
  'time-zone': { type: 'string' },
  timeout: { type: 'string' },
  wait: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>
>['values'];

/** The settings a run needs, from flags over --config. */
interface Settings {
  readonly servers: string[];
  readonly cert?: string;
  readonly key?: string;
  readonly ca: string[];
  readonly cache?: string;
  readonly domainId?: string;
  readonly timeZone?: string;
  readonly application?: ApplicationContext;
  readonly level?: string;
  readonly location?: LocationContext;
  readonly use?: string;
  readonly timeoutSeconds?: number;
  readonly waitSeconds?: number;
}

const CONFIG_KEYS = new Set([
  'servers',
  'cert',
  'key',
  'ca',
  'cache',
  'domainId',
  'timeZone',
  'application',
  'level',
  'location',
  'use',
  'timeoutSeconds',
  'waitSeconds',
]);

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path === '-' ? 0 : path));
  } catch (e) {
    throw new UsageError(
      `cannot read ${path === '-' ? 'standard input' : path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

function stringOf(
  config: Record<string, unknown>,
  name: string,
  base: string,
  isPath = false,
): string | undefined {
  const v = config[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '')
    throw new UsageError(`--config: "${name}" must be a non-empty string`);
  return isPath ? resolve(base, v) : v;
}

function stringsOf(config: Record<string, unknown>, name: string, base: string, isPath = false): string[] {
  const v = config[name];
  if (v === undefined) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s === ''))
    throw new UsageError(`--config: "${name}" must be a string or an array of strings`);
  return (list as string[]).map((s) => (isPath ? resolve(base, s) : s));
}

function numberOf(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text) || Number(text) > 86_400)
    throw new UsageError(`${name} must be a number of seconds (0..86400)`);
  return Number(text);
}

function coordinate(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number of degrees`);
  return n;
}

function readConfig(path: string): { config: Record<string, unknown>; base: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(path, 'config file'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--config ${path} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--config must hold a JSON object');
  const config = parsed as Record<string, unknown>;
  for (const k of Object.keys(config))
    if (!CONFIG_KEYS.has(k)) throw new UsageError(`--config: unknown setting "${k}"`);
  return { config, base: dirname(resolve(path)) };
}

function objectOf(config: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = config[name];
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new UsageError(`--config: "${name}" must be an object`);
  return v as Record<string, unknown>;
}

function settingsOf(values: Values): Settings {
  const { config, base } =
    values.config === undefined ? { config: {}, base: '.' } : readConfig(values.config);
  const app = objectOf(config, 'application') ?? {};
  const loc = objectOf(config, 'location') ?? {};
  const application: ApplicationContext = {
    ...((values['app-id'] ?? stringOf(app, 'id', base)) === undefined
      ? {}
      : { id: values['app-id'] ?? stringOf(app, 'id', base) }),
    ...((values['app-name'] ?? stringOf(app, 'name', base)) === undefined
      ? {}
      : { name: values['app-name'] ?? stringOf(app, 'name', base) }),
    ...((values['app-version'] ?? stringOf(app, 'version', base)) === undefined
      ? {}
      : { version: values['app-version'] ?? stringOf(app, 'version', base) }),
  };
  const locationName = values.location ?? stringOf(loc, 'name', base);
  const latitude = coordinate(values.latitude ?? loc.latitude, '--latitude');
  const longitude = coordinate(values.longitude ?? loc.longitude, '--longitude');
  if ((latitude === undefined) !== (longitude === undefined))
    throw new UsageError('--latitude and --longitude go together');
  const location: LocationContext = {
    ...(locationName === undefined ? {} : { name: locationName }),
    ...(latitude === undefined ? {} : { latitude }),
    ...(longitude === undefined ? {} : { longitude }),
  };
  const servers = values.server ?? stringsOf(config, 'servers', base);
  const ca = values.ca ?? stringsOf(config, 'ca', base, true);
  const cert = values.cert ?? stringOf(config, 'cert', base, true);
  const key = values.key ?? stringOf(config, 'key', base, true);
  const cache = values.cache ?? stringOf(config, 'cache', base, true);
  const rawDomain = values['domain-id'] ?? config.domainId;
  const domainId =
    rawDomain === undefined ? undefined : typeof rawDomain === 'number' ? String(rawDomain) : rawDomain;
  if (domainId !== undefined && (typeof domainId !== 'string' || !/^[1-9][0-9]{0,19}$/.test(domainId)))
    throw new UsageError('--domain-id must be a positive integer (the IANA Private Enterprise Number)');
  const level = values.level ?? stringOf(config, 'level', base);
  const use = values.use ?? stringOf(config, 'use', base);
  const timeZone = values['time-zone'] ?? stringOf(config, 'timeZone', base);
  const timeoutSeconds = numberOf(values.timeout ?? config.timeoutSeconds, '--timeout');
  const waitSeconds = numberOf(values.wait ?? config.waitSeconds, '--wait');
  return {
    servers,
    ca,
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(cache === undefined ? {} : { cache }),
    ...(domainId === undefined ? {} : { domainId }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(Object.keys(application).length === 0 ? {} : { application }),
    ...(level === undefined ? {} : { level }),
    ...(Object.keys(location).length === 0 ? {} : { location }),
    ...(use === undefined ? {} : { use }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(waitSeconds === undefined ? {} : { waitSeconds }),
  };
}

async function openSkcl(settings: Settings, needsCache: boolean): Promise<Skcl> {
  if (settings.servers.length === 0) throw new UsageError(`at least one --server is required\n${USAGE}`);
  if (settings.cert === undefined || settings.key === undefined)
    throw new UsageError(`--cert and --key (the client's credentials) are required\n${USAGE}`);
  if (settings.ca.length === 0)
    throw new UsageError(`--ca (the server's trust anchor) is required\n${USAGE}`);
  if (settings.domainId === undefined) throw new UsageError(`--domain-id is required\n${USAGE}`);
  if (needsCache && settings.cache === undefined)
    throw new UsageError('--cache DIR is required: the key use state (first use, encryptions) must persist');
  const certificate = readText(settings.cert, 'certificate');
  const privateKey = readText(settings.key, 'private key');
  const trustAnchors = settings.ca.map((f) => readText(f, 'trust anchor file')).join('\n');
  const client = createClient({
    servers: settings.servers.map((url) => ({ url })),
    credentials: { certificate, privateKey },
    trustAnchors,
    domainId: settings.domainId,
    ...(settings.timeoutSeconds === undefined
      ? {}
      : { timeouts: { attemptMs: Math.max(1, settings.timeoutSeconds * 1000) } }),
  });
  const store =
    settings.cache === undefined
      ? createMemoryKeyCacheStore()
      : await createFileKeyCacheStore(settings.cache);
  const cache = await createKeyCache({ store, credentials: { privateKey, certificate } });
  return createSkcl({
    client,
    cache,
    ...(settings.timeZone === undefined ? {} : { timeZone: settings.timeZone }),
    ...(settings.waitSeconds === undefined ? {} : { maxWaitMs: settings.waitSeconds * 1000 }),
  });
}

function context(settings: Settings) {
  if (settings.level !== undefined && !isOneOf(PERMITTED_LEVELS, settings.level))
    throw new UsageError(`--level must be one of ${PERMITTED_LEVELS.join(', ')}`);
  return {
    ...(settings.application === undefined ? {} : { application: settings.application }),
    ...(settings.level === undefined || !isOneOf(PERMITTED_LEVELS, settings.level)
      ? {}
      : { level: settings.level }),
    ...(settings.location === undefined ? {} : { location: settings.location }),
    ...(settings.use === undefined ? {} : { use: settings.use }),
  };
}

function keyJson(key: HeldKey, showKey: boolean): Record<string, unknown> {
  return {
    globalKeyId: key.globalKeyId,
    keyClass: key.keyClass,
    source: key.source,
    cached: key.cached,
    keyUsePolicy: summarizeKeyUsePolicy(key.keyUsePolicy),
    ...(showKey ? { key: Buffer.from(key.exportKey()).toString('base64') } : {}),
  };
}

function keyText(key: HeldKey, showKey: boolean): string {
  const s = summarizeKeyUsePolicy(key.keyUsePolicy);
  const lines = [
    `GlobalKeyID   ${key.globalKeyId}`,
    `KeyClass      ${key.keyClass}`,
    `KeyAlgorithm  ${s.keyAlgorithm} (${s.keySize} bits)`,
    `Status        ${s.status}`,
    `Policy        ${s.keyUsePolicyId} ${s.policyName}`,
    `Restrictions  ${s.restrictions.length === 0 ? 'none' : s.restrictions.join('\n              ')}`,
    `Source        ${key.source}${key.cached ? ' (cached)' : ' (not cached)'}`,
    ...(showKey ? [`Key           ${Buffer.from(key.exportKey()).toString('base64')}  (testing only)`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function kcpJson(p: KeyCachePolicy): Record<string, unknown> {
  const detail = (d: KeyCachePolicy['newKeysCacheDetail']) =>
    d === undefined
      ? null
      : { maximumKeys: String(d.maximumKeys), maximumDuration: String(d.maximumDuration) };
  return {
    keyCachePolicyId: formatTwoPartID(p.keyCachePolicyId),
    policyName: p.policyName,
    keyClass: p.keyClass,
    status: p.status,
    startDate: p.startDate,
    endDate: p.endDate,
    policyCheckInterval: p.policyCheckInterval,
    newKeysCacheDetail: detail(p.newKeysCacheDetail),
    usedKeysCacheDetail: detail(p.usedKeysCacheDetail),
  };
}

function writeOutput(io: ClientCliIo, out: string | undefined, bytes: Uint8Array): void {
  if (out !== undefined) {
    try {
      writeFileSync(out, bytes, { mode: 0o600 });
    } catch (e) {
      throw new UsageError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    return;
  }
  if (io.outBytes !== undefined) io.outBytes(bytes);
  else if (io === processIo) process.stdout.write(bytes);
  else io.out(Buffer.from(bytes).toString('utf8'));
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}\n${USAGE}`);
  return positionals[0] as string;
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}\n${USAGE}`);
}

async function run(sub: string, values: Values, positionals: string[], io: ClientCliIo): Promise<number> {
  const settings = settingsOf(values);
  const json = values.json === true;
  const showKey = values['show-key'] === true;
  if (sub === 'new-key') {
    noPositionals(positionals);
    const skcl = await openSkcl(settings, false);
    try {
      const outcome = await skcl.requestNewKeys(values['key-class'] ?? []);
      if (json)
        io.out(
          `${JSON.stringify(
            {
              keys: outcome.keys.map((k) => keyJson(k, showKey)),
              errors: outcome.errors,
              pending: outcome.pending.map((p) => ({ ...p, notBefore: p.notBefore.toISOString() })),
            },
            null,
            2,
          )}\n`,
        );
      else io.out(outcome.keys.map((k) => keyText(k, showKey)).join('\n'));
      for (const e of outcome.errors)
        io.err(
          `sksml client: the server refused class ${e.keyClass ?? '(default)'}: ${e.errorCode} ${e.errorMessage}\n`,
        );
      for (const p of outcome.pending)
        io.err(
          `sksml client: request ${p.symkeyRequestId} still pending (poll from ${p.notBefore.toISOString()}; use --wait)\n`,
        );
      return outcome.errors.length > 0 || outcome.pending.length > 0 || outcome.keys.length === 0 ? 1 : 0;
    } finally {
      skcl.close();
    }
  }
  if (sub === 'get-key') {
    const id = onePositional(positionals, 'GlobalKeyID');
    const skcl = await openSkcl(settings, false);
    try {
      const key = await skcl.getKey(id);
      io.out(json ? `${JSON.stringify(keyJson(key, showKey), null, 2)}\n` : keyText(key, showKey));
      return 0;
    } finally {
      skcl.close();
    }
  }
  if (sub === 'kcp') {
    noPositionals(positionals);
    const skcl = await openSkcl(settings, false);
    try {
      const result = await skcl.refreshKeyCachePolicies();
      if (json)
        io.out(
          `${JSON.stringify({ server: result.server, policies: result.policies.map(kcpJson) }, null, 2)}\n`,
        );
      else
        for (const p of result.policies.map(kcpJson))
          io.out(
            `${p.keyCachePolicyId as string} ${p.policyName as string}: class ${p.keyClass as string}, ${p.status as string}, ` +
              `new keys ${JSON.stringify(p.newKeysCacheDetail)}, used keys ${JSON.stringify(p.usedKeysCacheDetail)}, ` +
              `check every ${String(p.policyCheckInterval)} s\n`,
          );
      return 0;
    } finally {
      skcl.close();
    }
  }
  if (sub === 'encrypt') {
    const data = readBytes(onePositional(positionals, 'input file (or -)'));
    const keyClasses = values['key-class'] ?? [];
    if (keyClasses.length > 1) throw new UsageError('encrypt takes at most one --key-class');
    const type = values.type ?? 'auto';
    if (!['auto', 'element', 'content', 'octets'].includes(type))
      throw new UsageError('--type must be auto, element, content or octets');
    const useContext = context(settings);
    const skcl = await openSkcl(settings, true);
    try {
      const result = await skcl.encrypt(data, {
        ...useContext,
        ...(keyClasses[0] === undefined ? {} : { keyClass: keyClasses[0] }),
        strict: values.strict === true,
        type: type as PlaintextType,
        ...(values['mime-type'] === undefined ? {} : { mimeType: values['mime-type'] }),
      });
      writeOutput(io, values.out, Buffer.from(result.xml, 'utf8'));
      io.err(
        `sksml client: encrypted with key ${result.globalKeyId} (${result.keyClass}, ${result.algorithm})\n`,
      );
      return 0;
    } finally {
      skcl.close();
    }
  }
  if (sub === 'decrypt') {
    const input = readBytes(onePositional(positionals, 'input file (or -)'));
    const useContext = context(settings);
    const skcl = await openSkcl(settings, true);
    try {
      const result = await skcl.decrypt(input, { ...useContext, strict: values.strict === true });
      writeOutput(io, values.out, result.data);
      io.err(`sksml client: decrypted with key ${result.globalKeyId} (key from ${result.source})\n`);
      return 0;
    } finally {
      skcl.close();
    }
  }
  throw new UsageError(`unknown sub-command '${sub}'\n${USAGE}`);
}

/** Prints an expected failure (no stack trace, no key material) and gives its exit status. */
function report(error: unknown, io: CliIo): number {
  if (error instanceof KeyUseDeniedError) {
    io.err(`sksml client: ${error.code}: use of key ${error.globalKeyId} for ${error.operation} denied\n`);
    for (const v of error.violations) io.err(`  ${v.rule} ${v.code} [${v.requirement}]: ${v.reason}\n`);
    return 1;
  }
  if (error instanceof KeyUnavailableError) {
    const server =
      error.serverErrorCode === undefined
        ? ''
        : ` (server: ${error.serverErrorCode} ${error.serverErrorMessage ?? ''})`;
    io.err(`sksml client: ${error.code}: ${error.message}${server}\n`);
    return 1;
  }
  if (error instanceof ClientError) {
    const fault = error.fault === undefined ? '' : ` (fault ${error.fault.code}: ${error.fault.reason})`;
    const detail = error.detail === undefined ? '' : ` [${error.detail}]`;
    io.err(`sksml client: ${error.code}${detail}: ${error.message}${fault}\n`);
    return error.code === 'CLIENT_BAD_ARGUMENT' ? 2 : 1;
  }
  if (error instanceof DataEncryptionError) {
    io.err(`sksml client: ${error.code}: ${error.message}\n`);
    return error.code === 'DATA_MALFORMED' || error.code === 'DATA_BAD_ARGUMENT' ? 2 : 1;
  }
  if (error instanceof KeyCacheError) {
    io.err(`sksml client: ${error.code}: ${error.message}\n`);
    return error.code === 'CACHE_STATE_REGRESSION' ? 1 : 2;
  }
  if (error instanceof PolicyError) {
    io.err(`sksml client: ${error.code}: ${error.message}\n`);
    return 2;
  }
  throw error;
}

export async function runClient(args: string[], io: ClientCliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw new UsageError(`expected a sub-command\n${USAGE}`);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(USAGE);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  try {
    return await run(sub, parsed.values, parsed.positionals, io);
  } catch (e) {
    return report(e, io);
  }
}
