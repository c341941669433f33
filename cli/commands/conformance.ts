/**
 * `sksml conformance`: certify an SKS server with the conformance suite.
 *   server --url URL --cert C --key K --ca CA [--cert C2 --key K2]... [options]
 *          runs the suite; exit 0 when no case failed or errored, 1 otherwise, 2 on usage errors.
 *   verify-report --ca CA.pem REPORT.json [--sig REPORT.json.sig]
 *          checks a signed JSON report; exit 0 valid, 1 invalid.
 *   list   prints the case IDs and titles.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  ALL_CASES,
  computeCoverage,
  createUrlTarget,
  formatProgress,
  formatSummary,
  loadCatalogue,
  loadUntestable,
  runSuite,
  verifyReportSignature,
  writeReports,
  type ClientCredential,
  type ConformanceProfile,
} from '../../conformance/index.ts';
import { buildJsonReport, serializeJsonReport } from '../../conformance/reports/json-report.ts';
import { buildMatrix } from '../../conformance/reports/traceability.ts';
import { loadTrustAnchors } from '../../protocol/pki/chain.ts';
import { type CliIo, UsageError } from '../io.ts';

const USAGE =
  'usage: sksml conformance server --url URL --cert CERT.pem --key KEY.pem --ca CA.pem [--cert CERT2.pem --key KEY2.pem]...\n' +
  '         [--deactivated-cert C --deactivated-key K] [--client-ca-cert C --client-ca-key K] [--out DIR]\n' +
  '         [--domain-id N] [--key-class NAME]... [--soap11] [--no-soap11] [--rsa15] [--async-key-class NAME]\n' +
  '         [--inactive-key-class NAME] [--only ID,...] [--sign KEY.pem --sign-cert CERT.pem] [--timeout MS] [--json]\n' +
  '       sksml conformance verify-report --ca CA.pem REPORT.json [--sig REPORT.json.sig]\n' +
  '       sksml conformance list\n';

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

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function credential(certPath: string, keyPath: string, what: string): ClientCredential {
  try {
    return {
      certificate: new X509Certificate(readText(certPath, `${what} certificate`)),
      privateKey: createPrivateKey(readText(keyPath, `${what} key`)),
    };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what}: cannot read the certificate or key (${(e as Error).message})`);
  }
}

function optionalPair(
  values: Record<string, unknown>,
  cert: string,
  key: string,
  what: string,
): ClientCredential | undefined {
  const c = values[cert];
  const k = values[key];
  if (c === undefined && k === undefined) return undefined;
  if (typeof c !== 'string' || typeof k !== 'string')
    throw new UsageError(`--${cert} and --${key} go together\n${USAGE}`);
  return credential(c, k, what);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function runServer(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    url: { type: 'string' },
    cert: { type: 'string', multiple: true },
    key: { type: 'string', multiple: true },
    cert2: { type: 'string' },
    key2: { type: 'string' },
    ca: { type: 'string' },
    'deactivated-cert': { type: 'string' },
    'deactivated-key': { type: 'string' },
    'client-ca-cert': { type: 'string' },
    'client-ca-key': { type: 'string' },
    out: { type: 'string' },
    'domain-id': { type: 'string' },
    'key-class': { type: 'string', multiple: true },
    soap11: { type: 'boolean' },
    'no-soap11': { type: 'boolean' },
    rsa15: { type: 'boolean' },
    'async-key-class': { type: 'string' },
    'inactive-key-class': { type: 'string' },
    only: { type: 'string' },
    sign: { type: 'string' },
    'sign-cert': { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}\n${USAGE}`);
  if (typeof values.url !== 'string') throw new UsageError(`server needs --url\n${USAGE}`);
  if (typeof values.ca !== 'string')
    throw new UsageError(`server needs --ca (the server's trust anchor)\n${USAGE}`);
  const certs = [...strings(values.cert), ...(typeof values.cert2 === 'string' ? [values.cert2] : [])];
  const keys = [...strings(values.key), ...(typeof values.key2 === 'string' ? [values.key2] : [])];
  if (certs.length === 0 || certs.length !== keys.length)
    throw new UsageError(`give one --key per --cert (at least one client)\n${USAGE}`);
  const clients = certs.map((c, i) => credential(c, keys[i] as string, `client ${i + 1}`));
  let trustAnchors: X509Certificate[];
  try {
    trustAnchors = loadTrustAnchors(readText(values.ca, 'CA certificate'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--ca: no usable certificate (${(e as Error).message})`);
  }
  const domainText = typeof values['domain-id'] === 'string' ? values['domain-id'] : '10514';
  if (!/^[1-9][0-9]{0,19}$/.test(domainText))
    throw new UsageError(`--domain-id: not a DomainID: ${domainText}`);
  const timeoutText = typeof values.timeout === 'string' ? values.timeout : '30000';
  if (!/^[1-9][0-9]{0,6}$/.test(timeoutText))
    throw new UsageError(`--timeout: not a number of milliseconds: ${timeoutText}`);
  const deactivatedClient = optionalPair(values, 'deactivated-cert', 'deactivated-key', 'deactivated client');
  const issuingCa = optionalPair(values, 'client-ca-cert', 'client-ca-key', 'client CA');
  const signer = optionalPair(values, 'sign-cert', 'sign', 'report signer');
  const profile: ConformanceProfile = {
    soapVersion: values.soap11 === true ? '1.1' : '1.2',
    domainId: BigInt(domainText),
    keyClasses: strings(values['key-class']),
    clients,
    trustAnchors,
    soap11: values['no-soap11'] !== true,
    rsa15: values.rsa15 === true,
    maxBodyBytes: 1024 * 1024,
    timeoutMs: Number(timeoutText),
    ...(deactivatedClient === undefined ? {} : { deactivatedClient }),
    ...(issuingCa === undefined ? {} : { issuingCa }),
    ...(typeof values['async-key-class'] === 'string' ? { asyncKeyClass: values['async-key-class'] } : {}),
    ...(typeof values['inactive-key-class'] === 'string'
      ? { inactiveKeyClass: values['inactive-key-class'] }
      : {}),
  };
  let target;
  try {
    target = createUrlTarget(values.url);
  } catch (e) {
    throw new UsageError(`--url: ${(e as Error).message}`);
  }
  const only =
    typeof values.only === 'string'
      ? values.only
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : undefined;
  const unknown = (only ?? []).filter((id) => !ALL_CASES.some((c) => c.id === id));
  if (unknown.length > 0) throw new UsageError(`--only: unknown case ${unknown.join(', ')}`);
  const json = values.json === true;
  const run = await runSuite(ALL_CASES, target, profile, {
    ...(only === undefined ? {} : { only }),
    ...(json ? {} : { onResult: (r, i, n) => io.out(formatProgress(r, i, n)) }),
  });
  const coverage = computeCoverage(loadCatalogue(), ALL_CASES, loadUntestable()).entries;
  if (json) io.out(serializeJsonReport(buildJsonReport(run, buildMatrix(run, coverage))));
  else io.out(formatSummary(run));
  if (typeof values.out === 'string') {
    const written = writeReports(run, coverage, values.out, signer === undefined ? {} : { signer });
    (json ? io.err : io.out)(`reports written to ${values.out}; HTML report: ${written.html}\n`);
  } else if (signer !== undefined)
    throw new UsageError('--sign needs --out (the signature is written next to report.json)');
  return run.summary.fail + run.summary.error > 0 ? 1 : 0;
}

function runVerifyReport(args: string[], io: CliIo): number {
  const { values, positionals } = parse(args, { ca: { type: 'string' }, sig: { type: 'string' } });
  if (positionals.length !== 1 || typeof values.ca !== 'string')
    throw new UsageError(`verify-report needs --ca and one report file\n${USAGE}`);
  const reportPath = positionals[0] as string;
  let report: Buffer;
  try {
    report = readFileSync(reportPath);
  } catch (e) {
    throw new UsageError(`cannot read report ${reportPath}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const signature = readText(typeof values.sig === 'string' ? values.sig : `${reportPath}.sig`, 'signature');
  const anchors = loadTrustAnchors(readText(values.ca, 'CA certificate'));
  try {
    const verified = verifyReportSignature(report, signature, anchors);
    io.out(
      `valid: signed by ${verified.signerSubject.replace(/\n/g, ', ')} (${verified.signerFingerprint256})\n`,
    );
    return 0;
  } catch (e) {
    io.err(`invalid: ${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}\n`);
    return 1;
  }
}

export async function runConformance(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'server':
      return runServer(rest, io);
    case 'verify-report':
      return runVerifyReport(rest, io);
    case 'list':
      for (const c of ALL_CASES) io.out(`${c.id.padEnd(42)} ${c.title}\n`);
      return 0;
    default:
      throw new UsageError(
        `${sub === undefined ? 'missing sub-command' : `unknown sub-command ${sub}`}\n${USAGE}`,
      );
  }
}
