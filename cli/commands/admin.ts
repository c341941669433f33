/**
 * `sksml admin`: administration of a reference server's store (spec/admin.md).
 *
 *   sksml admin client register CERT.pem [--name N] [--group G]...
 *   sksml admin client list [--json]
 *   sksml admin client deactivate|reactivate ID|FINGERPRINT
 *   sksml admin key-class load FILE
 *   sksml admin key-class list [--json]
 *   sksml admin request list [--pending] [--json]
 *   sksml admin request approve|deny REQUEST-ID        (also: sksml admin approve|deny REQUEST-ID)
 *   sksml admin recover GKID --escrow-key KEY.pem [--passphrase-env NAME] (--out FILE | --print)
 *
 * Every command takes `--config FILE` (the server's configuration) or `--data DIR` (the embedded
 * default's data folder, default ./.sksml) and opens the same store with the same sealing key as
 * the server. Exit 0: done; 1: refused, not found, or an integrity alarm; 2: usage error or
 * unreadable input. No command prints key material, except `recover`, which writes the recovered
 * key only to --out FILE (created with mode 0600) or, with --print, as hex to stdout.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  InvalidIdentifierError,
  parseGlobalKeyID,
  parseSymkeyRequestID,
  type GlobalKeyID,
  type SymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import { ConfigError } from '../../reference-server/config/config-error.ts';
import {
  DEFAULT_DATA_DIR,
  withAdminContext,
  type AdminContext,
  type AdminSource,
} from '../../reference-server/admin/admin-context.ts';
import { AdminError } from '../../reference-server/admin/admin-error.ts';
import { registerClient, setClientStatus } from '../../reference-server/admin/clients.ts';
import { parseKeyClassFile } from '../../reference-server/admin/key-class-file.ts';
import {
  listKeyClasses,
  loadKeyClasses,
  type KeyClassSummary,
} from '../../reference-server/admin/key-classes.ts';
import { listClients, type Listing } from '../../reference-server/admin/list-rows.ts';
import { readEscrowPrivateKey, recoverStoredKey } from '../../reference-server/admin/recover.ts';
import {
  approveStoredRequest,
  denyStoredRequest,
  listStoredRequests,
} from '../../reference-server/admin/requests.ts';
import type { IntegrityAlarm } from '../../reference-server/integrity/integrity-alarm.ts';
import type { ClientRecord, RequestRecord } from '../../reference-server/store/records.ts';
import { IntegrityError, StoreError } from '../../reference-server/store/store-error.ts';
import { type CliIo, UsageError } from '../io.ts';

const STORE_OPTIONS = '[--config FILE | --data DIR]';

const USAGE = [
  `usage: sksml admin client register CERT.pem [--name N] [--group G]... ${STORE_OPTIONS}`,
  `       sksml admin client list [--json] ${STORE_OPTIONS}`,
  `       sksml admin client deactivate|reactivate ID|FINGERPRINT ${STORE_OPTIONS}`,
  `       sksml admin key-class load FILE ${STORE_OPTIONS}`,
  `       sksml admin key-class list [--json] ${STORE_OPTIONS}`,
  `       sksml admin request list [--pending] [--json] ${STORE_OPTIONS}`,
  `       sksml admin request approve|deny REQUEST-ID ${STORE_OPTIONS}`,
  `       sksml admin recover GKID --escrow-key KEY.pem [--passphrase-env NAME] (--out FILE | --print) ${STORE_OPTIONS}`,
  '',
  `--config FILE: the server's configuration file; --data DIR: the embedded default's data folder (default ${DEFAULT_DATA_DIR}).`,
].join('\n');

/** Largest input file read (certificates, key-class files, escrow keys). */
const MAX_INPUT_BYTES = 1024 * 1024;

export interface ParsedArgs {
  readonly positional: string[];
  /** Valued options; repeatable ones keep every value in order. */
  readonly options: Map<string, string[]>;
  readonly flags: Set<string>;
}

export interface ArgSpec {
  readonly valued?: readonly string[];
  readonly repeatable?: readonly string[];
  readonly flags?: readonly string[];
}

/** Parses `--x V`, `--x=V` and `--flag`; anything unknown is a usage error naming it. */
export function parseArgs(args: readonly string[], spec: ArgSpec, usage: string): ParsedArgs {
  const valued = [...(spec.valued ?? []), ...(spec.repeatable ?? []), 'config', 'data'];
  const flags = spec.flags ?? [];
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('--') || a === '--') {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    if (flags.includes(name) && eq === -1) {
      out.flags.add(name);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`unknown option ${a.slice(0, 80)}\n${usage}`);
    const value = eq === -1 ? args[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value\n${usage}`);
    const seen = out.options.get(name);
    if (seen !== undefined && !(spec.repeatable ?? []).includes(name))
      throw new UsageError(`--${name} given twice\n${usage}`);
    out.options.set(name, [...(seen ?? []), value]);
  }
  return out;
}

export function option(p: ParsedArgs, name: string): string | undefined {
  return p.options.get(name)?.[0];
}

/** The server data named by --config or --data (default: the embedded default's ./.sksml). */
export function adminSourceOf(p: ParsedArgs, usage: string): AdminSource {
  const config = option(p, 'config');
  const data = option(p, 'data');
  if (config !== undefined && data !== undefined)
    throw new UsageError(`give --config FILE or --data DIR, not both\n${usage}`);
  if (config !== undefined) return { kind: 'config', path: config };
  return { kind: 'data', dir: data ?? DEFAULT_DATA_DIR };
}

export function positionals(p: ParsedArgs, count: number, what: string, usage: string): string[] {
  if (p.positional.length !== count)
    throw new UsageError(
      `${what}: expected ${count} argument${count === 1 ? '' : 's'}, found ${p.positional.length}${
        p.positional.length > count ? ` (${p.positional.slice(count).join(' ').slice(0, 80)})` : ''
      }\n${usage}`,
    );
  return p.positional;
}

/** Reads an input file, refusing directories and files over 1 MiB. */
export function readInput(path: string, what: string): Buffer {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new AdminError('ADMIN_INPUT_INVALID', `${what} ${path} is not a regular file`);
    if (stats.size > MAX_INPUT_BYTES)
      throw new AdminError('ADMIN_INPUT_INVALID', `${what} ${path} is larger than ${MAX_INPUT_BYTES} bytes`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof AdminError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AdminError('ADMIN_INPUT_INVALID', `cannot read ${what} ${path} (${code})`, { cause: error });
  }
}

function describeAlarm(alarm: IntegrityAlarm): string {
  return `${alarm.table} ${alarm.primaryKey}: ${alarm.reason}`;
}

const REFUSED_STORE_CODES = new Set([
  'STORE_CONFLICT',
  'STORE_NOT_FOUND',
  'STORE_INVALID_TRANSITION',
  'STORE_MIGRATION',
]);
const INPUT_ESCROW_CODES = new Set([
  'ESCROW_KEY_UNSUITABLE',
  'ESCROW_KEY_INVALID',
  'ESCROW_KEYS_INSUFFICIENT',
]);

/**
 * Prints an expected failure and returns its exit status (1 refused, 2 input); rethrows anything
 * unexpected (cli/main.ts reports it without a stack trace).
 */
export function reportFailure(io: CliIo, prefix: string, error: unknown): number {
  if (error instanceof UsageError) throw error;
  if (error instanceof AdminError) {
    io.err(`${prefix}: ${error.message}\n`);
    return error.kind === 'input' ? 2 : 1;
  }
  if (error instanceof ConfigError) {
    io.err(`${prefix}: ${error.message}\n`);
    return 2;
  }
  if (error instanceof IntegrityError) {
    io.err(`${prefix}: integrity alarm: ${describeAlarm(error.alarm)} (the data was not used)\n`);
    return 1;
  }
  if (error instanceof StoreError) {
    io.err(`${prefix}: ${error.message} [${error.code}]\n`);
    return REFUSED_STORE_CODES.has(error.code) ? 1 : 2;
  }
  if (error instanceof InvalidIdentifierError) {
    io.err(`${prefix}: ${error.message}\n`);
    return 2;
  }
  if (error instanceof SksmlError) {
    io.err(`${prefix}: ${error.message} [${error.code}]\n`);
    return INPUT_ESCROW_CODES.has(error.code) ? 2 : 1;
  }
  throw error;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/** Prints integrity problems of a listing on stderr; returns the exit status of the listing. */
function finishListing(io: CliIo, prefix: string, problems: readonly IntegrityAlarm[]): number {
  for (const p of problems) io.err(`${prefix}: integrity alarm: ${describeAlarm(p)} (row not shown)\n`);
  return problems.length > 0 ? 1 : 0;
}

function requestIdArg(text: string): SymkeyRequestID {
  try {
    return parseSymkeyRequestID(text);
  } catch {
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      `${text.slice(0, 80)} is not a SymkeyRequestID (DomainID-ServerID-RequestID)`,
    );
  }
}

function globalKeyIdArg(text: string): GlobalKeyID {
  let id: GlobalKeyID;
  try {
    id = parseGlobalKeyID(text);
  } catch {
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      `${text.slice(0, 80)} is not a GlobalKeyID (DomainID-ServerID-KeyID)`,
    );
  }
  if (id.serverId === 0n || id.keyId === 0n)
    throw new AdminError(
      'ADMIN_INPUT_INVALID',
      `${text.slice(0, 80)} is the new-key sentinel, not a stored key`,
    );
  return id;
}

// ---------------------------------------------------------------------------------------------
// client

function clientJson(c: ClientRecord): object {
  return {
    id: c.id,
    status: c.status,
    fingerprintSha256: c.fingerprintSha256,
    subject: c.subject,
    groups: c.groups,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function printClients(io: CliIo, listing: Listing<ClientRecord>, asJson: boolean): void {
  if (asJson) {
    io.out(json({ clients: listing.records.map(clientJson), integrityProblems: listing.problems }));
    return;
  }
  if (listing.records.length === 0) {
    io.out('no clients registered\n');
    return;
  }
  io.out(
    table(
      ['ID', 'STATUS', 'FINGERPRINT (SHA-256)', 'GROUPS', 'SUBJECT'],
      listing.records.map((c) => [c.id, c.status, c.fingerprintSha256, c.groups.join(',') || '-', c.subject]),
    ),
  );
}

async function runClient(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const prefix = `sksml admin client ${action ?? ''}`.trimEnd();
  switch (action) {
    case 'register': {
      const p = parseArgs(rest, { valued: ['name'], repeatable: ['group'] }, USAGE);
      const [certPath] = positionals(p, 1, 'client register', USAGE) as [string];
      const source = adminSourceOf(p, USAGE);
      const name = option(p, 'name');
      return run(io, prefix, source, async (ctx) => {
        const certificate = readInput(certPath, 'the certificate');
        const record = await registerClient(ctx, {
          certificate,
          ...(name === undefined ? {} : { name }),
          groups: p.options.get('group') ?? [],
        });
        io.out(
          `registered client ${record.id}\n  fingerprint (SHA-256): ${record.fingerprintSha256}\n  subject: ${record.subject}\n  groups: ${record.groups.join(', ') || '-'}\n`,
        );
        return 0;
      });
    }
    case 'list': {
      const p = parseArgs(rest, { flags: ['json'] }, USAGE);
      positionals(p, 0, 'client list', USAGE);
      return run(io, prefix, adminSourceOf(p, USAGE), async (ctx) => {
        const listing = await listClients(ctx.store);
        printClients(io, listing, p.flags.has('json'));
        return finishListing(io, prefix, listing.problems);
      });
    }
    case 'deactivate':
    case 'reactivate': {
      const p = parseArgs(rest, {}, USAGE);
      const [who] = positionals(p, 1, `client ${action}`, USAGE) as [string];
      const status = action === 'deactivate' ? 'deactivated' : 'active';
      return run(io, prefix, adminSourceOf(p, USAGE), async (ctx) => {
        const result = await setClientStatus(ctx, who, status);
        const id = result.client.id;
        if (!result.changed) io.out(`client ${id} is already ${status}; nothing changed\n`);
        else if (status === 'deactivated')
          io.out(`client ${id} deactivated: its next request is refused (its certificate is not revoked)\n`);
        else io.out(`client ${id} reactivated: its next request is served again\n`);
        return 0;
      });
    }
    default:
      throw new UsageError(
        `${action === undefined ? 'client needs an action' : `unknown client action '${action.slice(0, 40)}'`}\n${USAGE}`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// key-class

function printKeyClasses(io: CliIo, classes: readonly KeyClassSummary[], asJson: boolean): void {
  if (asJson) {
    io.out(json({ keyClasses: classes }));
    return;
  }
  if (classes.length === 0) {
    io.out('no key classes\n');
    return;
  }
  const state = (c: KeyClassSummary): string =>
    !c.stored
      ? 'configured, not stored yet'
      : !c.configured
        ? 'stored, not served (not in the configuration)'
        : c.differsFromConfiguration
          ? 'served (differs from the configuration)'
          : 'served';
  io.out(
    table(
      ['NAME', 'DEFAULT', 'APPROVAL', 'ALGORITHM', 'BITS', 'KUP STATUS', 'KCP STATUS', 'STATE'],
      classes.map((c) => [
        c.name,
        c.isDefault ? 'yes' : 'no',
        c.requiresApproval ? 'yes' : 'no',
        c.keyUsePolicy.algorithm.replace('http://www.w3.org/2001/04/xmlenc#', ''),
        String(c.keyUsePolicy.keySize),
        c.keyUsePolicy.status,
        c.keyCachePolicy.status,
        state(c),
      ]),
    ),
  );
}

async function runKeyClass(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const prefix = `sksml admin key-class ${action ?? ''}`.trimEnd();
  switch (action) {
    case 'load': {
      const p = parseArgs(rest, {}, USAGE);
      const [file] = positionals(p, 1, 'key-class load', USAGE) as [string];
      return run(io, prefix, adminSourceOf(p, USAGE), async (ctx) => {
        const text = readInput(file, 'the key-class file').toString('utf8');
        const parsed = parseKeyClassFile(text, file, {
          domainId: ctx.config.domainId,
          configured: ctx.config.keyClasses,
        });
        for (const w of parsed.warnings) io.err(`${prefix}: warning: ${w.path}: ${w.message}\n`);
        const results = await loadKeyClasses(ctx, parsed.classes);
        for (const r of results) {
          io.out(`${r.change.padEnd(9)} ${r.name}\n`);
          for (const note of r.notes) io.out(`          note: ${note}\n`);
        }
        return 0;
      });
    }
    case 'list': {
      const p = parseArgs(rest, { flags: ['json'] }, USAGE);
      positionals(p, 0, 'key-class list', USAGE);
      return run(io, prefix, adminSourceOf(p, USAGE), async (ctx) => {
        printKeyClasses(io, await listKeyClasses(ctx), p.flags.has('json'));
        return 0;
      });
    }
    default:
      throw new UsageError(
        `${action === undefined ? 'key-class needs an action' : `unknown key-class action '${action.slice(0, 40)}'`}\n${USAGE}`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// request

function requestJson(r: RequestRecord): object {
  return {
    symkeyRequestId: formatSymkeyRequestID(r.requestId),
    status: r.status,
    clientId: r.clientId,
    requestedGlobalKeyId: formatGlobalKeyID(r.requestedGlobalKeyId),
    keyClass: r.keyClass,
    resultGlobalKeyId: r.resultKeyId === null ? null : formatGlobalKeyID(r.resultKeyId),
    requestCheckInterval: r.checkIntervalSeconds,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function printRequests(
  io: CliIo,
  listing: Listing<RequestRecord>,
  asJson: boolean,
  pendingOnly: boolean,
): void {
  if (asJson) {
    io.out(json({ requests: listing.records.map(requestJson), integrityProblems: listing.problems }));
    return;
  }
  if (listing.records.length === 0) {
    io.out(pendingOnly ? 'no pending requests\n' : 'no requests\n');
    return;
  }
  io.out(
    table(
      ['REQUEST-ID', 'STATUS', 'CLIENT', 'KEY-CLASS', 'RESULT', 'CREATED'],
      listing.records.map((r) => [
        formatSymkeyRequestID(r.requestId),
        r.status,
        r.clientId,
        r.keyClass ?? '(default)',
        r.resultKeyId === null ? '-' : formatGlobalKeyID(r.resultKeyId),
        r.createdAt.toISOString(),
      ]),
    ),
  );
}

async function decide(
  io: CliIo,
  prefix: string,
  action: 'approve' | 'deny',
  rest: string[],
): Promise<number> {
  const p = parseArgs(rest, {}, USAGE);
  const [text] = positionals(p, 1, `request ${action}`, USAGE) as [string];
  const source = adminSourceOf(p, USAGE);
  return run(io, prefix, source, async (ctx) => {
    const id = requestIdArg(text);
    const shown = formatSymkeyRequestID(id);
    if (action === 'approve') {
      const gkid = await approveStoredRequest(ctx, id);
      io.out(
        `approved request ${shown}: key ${formatGlobalKeyID(gkid)} is stored; the client's next poll delivers it\n`,
      );
    } else {
      await denyStoredRequest(ctx, id);
      io.out(`denied request ${shown}: the client's next poll gets SKS-REQUEST-DENIED\n`);
    }
    return 0;
  });
}

async function runRequest(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const prefix = `sksml admin request ${action ?? ''}`.trimEnd();
  switch (action) {
    case 'list': {
      const p = parseArgs(rest, { flags: ['json', 'pending'] }, USAGE);
      positionals(p, 0, 'request list', USAGE);
      const pendingOnly = p.flags.has('pending');
      return run(io, prefix, adminSourceOf(p, USAGE), async (ctx) => {
        const listing = await listStoredRequests(ctx, { pendingOnly });
        printRequests(io, listing, p.flags.has('json'), pendingOnly);
        return finishListing(io, prefix, listing.problems);
      });
    }
    case 'approve':
    case 'deny':
      return decide(io, prefix, action, rest);
    default:
      throw new UsageError(
        `${action === undefined ? 'request needs an action' : `unknown request action '${action.slice(0, 40)}'`}\n${USAGE}`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// recover

function outputMustNotExist(path: string): void {
  let exists = true;
  try {
    statSync(path);
  } catch {
    exists = false;
  }
  if (exists)
    throw new AdminError('ADMIN_INPUT_INVALID', `${path} already exists; recover never overwrites a file`);
}

async function runRecover(args: string[], io: CliIo): Promise<number> {
  const prefix = 'sksml admin recover';
  const p = parseArgs(args, { valued: ['escrow-key', 'out', 'passphrase-env'], flags: ['print'] }, USAGE);
  const [gkidText] = positionals(p, 1, 'recover', USAGE) as [string];
  const keyPath = option(p, 'escrow-key');
  if (keyPath === undefined) throw new UsageError(`recover needs --escrow-key KEY.pem\n${USAGE}`);
  const out = option(p, 'out');
  const print = p.flags.has('print');
  if ((out === undefined) === !print)
    throw new UsageError(
      `recover writes the key to --out FILE or, with --print, to stdout: give exactly one\n${USAGE}`,
    );
  const passphraseEnv = option(p, 'passphrase-env');
  const source = adminSourceOf(p, USAGE);
  return run(io, prefix, source, async (ctx) => {
    const gkid = globalKeyIdArg(gkidText);
    if (out !== undefined) outputMustNotExist(out);
    let passphrase: string | undefined;
    if (passphraseEnv !== undefined) {
      passphrase = ctx.env[passphraseEnv];
      if (passphrase === undefined || passphrase === '')
        throw new AdminError('ADMIN_INPUT_INVALID', `environment variable ${passphraseEnv} is not set`);
    }
    const escrowKey = readEscrowPrivateKey(readInput(keyPath, 'the escrow key').toString('utf8'), passphrase);
    const recovered = await recoverStoredKey(ctx, gkid, escrowKey);
    const { value, algorithm } = recovered.key;
    const summary = `recovered key ${formatGlobalKeyID(gkid)} (${algorithm}, ${value.length * 8} bits) with escrow key ${recovered.escrowKeyId}`;
    try {
      if (out !== undefined) {
        // Raw key bytes; 'wx' never follows or replaces an existing file, mode 0600 from creation.
        writeFileSync(out, value, { mode: 0o600, flag: 'wx' });
        io.out(`${summary}\nwrote ${value.length} bytes (the raw key) to ${out} (mode 0600)\n`);
      } else {
        io.err(`${summary}\n`);
        io.out(`${Buffer.from(value).toString('hex')}\n`);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new AdminError(
        'ADMIN_INPUT_INVALID',
        `cannot write ${out ?? 'stdout'} (${code}); the key was not written`,
        {
          cause: error,
        },
      );
    } finally {
      value.fill(0);
    }
    return 0;
  });
}

// ---------------------------------------------------------------------------------------------

/** Opens the store of `source`, runs `fn`, closes the store; expected failures become exit codes. */
export async function run(
  io: CliIo,
  prefix: string,
  source: AdminSource,
  fn: (ctx: AdminContext) => Promise<number>,
): Promise<number> {
  try {
    return await withAdminContext(source, fn);
  } catch (error) {
    return reportFailure(io, prefix, error);
  }
}

export async function runAdmin(args: string[], io: CliIo): Promise<number> {
  const [group, ...rest] = args;
  switch (group) {
    case undefined:
      throw new UsageError(`admin needs a command\n${USAGE}`);
    case '--help':
    case '-h':
    case 'help':
      io.out(`${USAGE}\n`);
      return 0;
    case 'client':
      return runClient(rest, io);
    case 'key-class':
      return runKeyClass(rest, io);
    case 'request':
      return runRequest(rest, io);
    case 'approve':
    case 'deny':
      return decide(io, `sksml admin ${group}`, group, rest);
    case 'recover':
      return runRecover(rest, io);
    default:
      throw new UsageError(`unknown admin command '${group.slice(0, 40)}'\n${USAGE}`);
  }
}
