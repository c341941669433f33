/**
 * `sksml wss sign` and `sksml wss verify`: the WS-Security profile from the command line.
 *   sign   --cert C --key K [--soap11] [--at ISO] [--lifetime S] [--rsa-sha1] IN.xml|-
 *          wraps a bare SKSML message in a signed SOAP 1.2 (or 1.1) envelope, or signs an envelope.
 *   verify --ca CA.pem [--ca ...] [--at ISO] [--max-skew S] [--allow-rsa-sha1] [--expect-cert C] IN.xml|-
 *          prints the verified payload (exit 0) or the fault and code (exit 1).
 * Exit 2 for usage errors and unreadable files.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadTrustAnchors } from '../../protocol/pki/chain.ts';
import { RSA_SHA1, RSA_SHA256 } from '../../protocol/wss/algorithms.ts';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS } from '../../protocol/wss/namespaces.ts';
import { signEnvelope } from '../../protocol/wss/sign.ts';
import { verifyEnvelope } from '../../protocol/wss/verify.ts';
import { WssError, WssSigningError } from '../../protocol/wss/wss-error.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { writeXml } from '../../protocol/xml/writer.ts';
import { type CliIo, UsageError } from '../io.ts';

const USAGE =
  'usage: sksml wss sign --cert CERT.pem --key KEY.pem [--soap11] [--at ISO-DATE] [--lifetime SECONDS] [--rsa-sha1] IN.xml|-\n' +
  '       sksml wss verify --ca CA.pem [--ca CA2.pem] [--at ISO-DATE] [--max-skew SECONDS] [--allow-rsa-sha1] [--expect-cert CERT.pem] IN.xml|-\n';

function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read ${path === '-' ? 'standard input' : path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime()))
    throw new UsageError(`--at: not an ISO date: ${value}`);
  return d;
}

function parseSeconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name}: not a whole number of seconds: ${value}`);
  return Number(value);
}

function parse(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
}

function onePositional(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one input file (or -)\n${USAGE}`);
  return positionals[0] as string;
}

function rootIsEnvelope(input: string): boolean {
  try {
    const root = parseXml(input).root;
    return (
      root.localName === 'Envelope' &&
      (root.namespaceURI === SOAP12_ENVELOPE_NS || root.namespaceURI === SOAP11_ENVELOPE_NS)
    );
  } catch {
    return false; // the signer reports the parse failure
  }
}

function runSign(args: string[], io: CliIo): number {
  const { values, positionals } = parse(args, {
    cert: { type: 'string' },
    key: { type: 'string' },
    soap11: { type: 'boolean' },
    at: { type: 'string' },
    lifetime: { type: 'string' },
    'rsa-sha1': { type: 'boolean' },
  });
  const input = readInput(onePositional(positionals));
  if (typeof values.cert !== 'string' || typeof values.key !== 'string')
    throw new UsageError(`sign needs --cert and --key\n${USAGE}`);
  const certificate = readTextFile(values.cert, 'certificate');
  const privateKey = readTextFile(values.key, 'private key');
  const now = parseDate(values.at as string | undefined);
  const lifetimeSeconds = parseSeconds('lifetime', values.lifetime as string | undefined);
  // An input whose root is a SOAP Envelope is signed as it is; anything else is wrapped.
  const isEnvelope = rootIsEnvelope(input);
  try {
    const signed = signEnvelope({
      ...(isEnvelope
        ? { envelopeXml: input, ...(values.soap11 === true ? { version: '1.1' as const } : {}) }
        : { payloadXml: input, version: values.soap11 === true ? '1.1' : '1.2' }),
      certificate,
      privateKey,
      algorithm: values['rsa-sha1'] === true ? RSA_SHA1 : RSA_SHA256,
      ...(now === undefined ? {} : { now }),
      ...(lifetimeSeconds === undefined ? {} : { lifetimeSeconds }),
    });
    io.out(`${signed}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof WssSigningError)) throw e;
    if (e.code === 'WSS_SIGN_BAD_CREDENTIALS') throw new UsageError(e.message);
    io.err(`sksml wss sign: ${e.code}: ${e.message}\n`);
    return 1;
  }
}

function runVerify(args: string[], io: CliIo): number {
  const { values, positionals } = parse(args, {
    ca: { type: 'string', multiple: true },
    at: { type: 'string' },
    'max-skew': { type: 'string' },
    'allow-rsa-sha1': { type: 'boolean' },
    'expect-cert': { type: 'string' },
  });
  const input = readInput(onePositional(positionals));
  const caFiles = (values.ca as string[] | undefined) ?? [];
  if (caFiles.length === 0) throw new UsageError(`verify needs --ca\n${USAGE}`);
  let trustAnchors: X509Certificate[];
  let expectedCertificate: X509Certificate | undefined;
  try {
    trustAnchors = caFiles.flatMap((f) => loadTrustAnchors(readTextFile(f, 'trust anchor file')));
    const pinned = values['expect-cert'] as string | undefined;
    if (pinned !== undefined) expectedCertificate = new X509Certificate(readTextFile(pinned, 'certificate'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot load certificates: ${(e as Error).message}`);
  }
  const now = parseDate(values.at as string | undefined);
  const maxSkewSeconds = parseSeconds('max-skew', values['max-skew'] as string | undefined);
  try {
    const verified = verifyEnvelope(input, {
      trustAnchors,
      allowRsaSha1: values['allow-rsa-sha1'] === true,
      ...(now === undefined ? {} : { now }),
      ...(maxSkewSeconds === undefined ? {} : { maxSkewSeconds }),
      ...(expectedCertificate === undefined ? {} : { expectedCertificate }),
    });
    io.out(`${writeXml(verified.payload)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof WssError)) throw e;
    io.err(`sksml wss verify: wsse:${e.faultName} ${e.code}: ${e.faultReason} (${e.message})\n`);
    return 1;
  }
}

export async function runWss(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'sign') return Promise.resolve(runSign(rest, io));
  if (sub === 'verify') return Promise.resolve(runVerify(rest, io));
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(USAGE);
    return Promise.resolve(0);
  }
  throw new UsageError(`expected 'sign' or 'verify'\n${USAGE}`);
}
