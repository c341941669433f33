/**
 * `sksml pki`: a small PKI for trying SKSML out and for tests.
 *
 *   sksml pki init DIR [--clients N] [--bits 2048|3072] [--days N] [--force]
 *   sksml pki issue DIR --name NAME [--usage client|server] [--days N] [--force]
 *   sksml pki verify DIR CERT.pem [--usage signature|keyEncipherment] [--at ISO-DATE]
 *
 * Exit 0: done / certificate accepted; 1: refused (existing PKI, rejected certificate);
 * 2: usage error or unreadable input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliIo, UsageError } from '../io.ts';
import { CertificateError } from '../../protocol/pki/certificate-error.ts';
import { type CertificateUsage, loadTrustAnchors, verifyCertificateChain } from '../../protocol/pki/chain.ts';
import {
  type DirectoryResult,
  initPkiDirectory,
  issueIntoDirectory,
  PkiDirectoryError,
} from '../../protocol/pki/directory.ts';

const USAGE = [
  'usage: sksml pki init DIR [--clients N] [--bits 2048|3072] [--days N] [--force]',
  '       sksml pki issue DIR --name NAME [--usage client|server] [--days N] [--force]',
  '       sksml pki verify DIR CERT.pem [--usage signature|keyEncipherment] [--at ISO-DATE]',
].join('\n');

interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string>;
  readonly flags: Set<string>;
}

/** Options taking a value (`--x V` or `--x=V`) and boolean flags; anything else is a usage error. */
function parseArgs(args: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    if (flags.includes(name) && eq === -1) out.flags.add(name);
    else if (valued.includes(name)) {
      const value = eq === -1 ? args[++i] : a.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value\n${USAGE}`);
      if (out.options.has(name)) throw new UsageError(`--${name} given twice\n${USAGE}`);
      out.options.set(name, value);
    } else throw new UsageError(`unknown option ${a}\n${USAGE}`);
  }
  return out;
}

function integerOption(p: ParsedArgs, name: string): number | undefined {
  const v = p.options.get(name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v))
    throw new UsageError(`--${name} must be a whole number, not '${v.slice(0, 40)}'\n${USAGE}`);
  return Number(v);
}

function onlyDir(p: ParsedArgs, extra = 0): string {
  if (p.positional.length !== 1 + extra) throw new UsageError(`wrong number of arguments\n${USAGE}`);
  return p.positional[0]!;
}

function printResult(io: CliIo, r: DirectoryResult): void {
  if (r.backupDir !== undefined) io.out(`moved ${r.backedUp.length} existing file(s) to ${r.backupDir}\n`);
  for (const f of r.written) io.out(`wrote ${f.path} (${f.kind}, ${f.subject})\n`);
}

function runInit(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['clients', 'bits', 'days'], ['force']);
  const dir = onlyDir(p);
  const bits = integerOption(p, 'bits');
  if (bits !== undefined && bits !== 2048 && bits !== 3072)
    throw new UsageError(`--bits must be 2048 or 3072\n${USAGE}`);
  const clients = integerOption(p, 'clients');
  const days = integerOption(p, 'days');
  const r = initPkiDirectory(dir, {
    force: p.flags.has('force'),
    ...(bits === undefined ? {} : { bits }),
    ...(clients === undefined ? {} : { clients }),
    ...(days === undefined ? {} : { days }),
  });
  printResult(io, r);
  return 0;
}

function runIssue(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['name', 'usage', 'days'], ['force']);
  const dir = onlyDir(p);
  const name = p.options.get('name');
  if (name === undefined) throw new UsageError(`issue needs --name NAME\n${USAGE}`);
  const usage = p.options.get('usage') ?? 'client';
  if (usage !== 'client' && usage !== 'server')
    throw new UsageError(`--usage must be client or server\n${USAGE}`);
  const days = integerOption(p, 'days');
  const r = issueIntoDirectory(dir, {
    name,
    usage,
    force: p.flags.has('force'),
    ...(days === undefined ? {} : { days }),
  });
  printResult(io, r);
  return 0;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function runVerify(args: string[], io: CliIo): number {
  const p = parseArgs(args, ['usage', 'at'], []);
  const dir = onlyDir(p, 1);
  const certPath = p.positional[1]!;
  const usageOpt = p.options.get('usage');
  if (usageOpt !== undefined && usageOpt !== 'signature' && usageOpt !== 'keyEncipherment') {
    throw new UsageError(`--usage must be signature or keyEncipherment\n${USAGE}`);
  }
  const atText = p.options.get('at');
  const at = atText === undefined ? new Date() : new Date(atText);
  if (Number.isNaN(at.getTime()))
    throw new UsageError(`--at must be an ISO date, not '${atText!.slice(0, 40)}'`);
  const anchors = loadTrustAnchors(readText(join(dir, 'ca.pem')));
  // CERT.pem: the certificate first, then any intermediates (untrusted path-building help).
  const [leaf, ...intermediates] = loadTrustAnchors(readText(certPath));
  const usages: CertificateUsage[] = usageOpt === undefined ? ['signature', 'keyEncipherment'] : [usageOpt];
  let ok = true;
  for (const usage of usages) {
    try {
      const r = verifyCertificateChain(leaf!, { trustAnchors: anchors, intermediates, at, usage });
      const path = r.chain.map((c) => /CN=([^\n]*)/.exec(c.subject)?.[1] ?? c.subject).join(' <- ');
      io.out(`OK ${usage}: ${path}\n`);
    } catch (e) {
      if (!(e instanceof CertificateError) || e.code === 'CERT_MALFORMED') throw e;
      ok = false;
      io.out(`REJECTED ${usage}: ${e.code}: ${e.message}\n`);
    }
  }
  return ok ? 0 : 1;
}

export function runPki(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve().then(() => dispatch(args, io));
}

function dispatch(args: string[], io: CliIo): number {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'init':
        return runInit(rest, io);
      case 'issue':
        return runIssue(rest, io);
      case 'verify':
        return runVerify(rest, io);
      case '--help':
      case '-h':
      case 'help':
        io.out(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(sub === undefined ? USAGE : `unknown sub-command '${sub}'\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof PkiDirectoryError) {
      io.err(`sksml pki: ${e.message}\n`);
      return e.code === 'PKI_EXISTS' ? 1 : 2;
    }
    if (e instanceof CertificateError) {
      io.err(`sksml pki: ${e.code}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
