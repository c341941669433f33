/**
 * `sksml start` (what `npm start` runs): certify the embedded reference server.
 *
 *   sksml start [--data DIR] [--out DIR]
 *
 * Starts the embedded default server on DIR (default ./.sksml: dev PKI, dev client, SQLite store,
 * created on first run, reused later), listens on 127.0.0.1 (a free port), runs the full
 * conformance suite against it over HTTP, writes every report (report.json, junit.xml, earl.jsonld,
 * report.html, requests/) to the output folder (default ./reports/conformance), prints the summary
 * and the path of the HTML report, stops the server. Exit 0 when no case failed or errored, 1
 * otherwise, 2 on usage errors.
 *
 * openCertificationSetup is also what tests/certification uses in-process, so the profile that
 * `npm start` certifies is the one CI proves.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ALL_CASES,
  computeCoverage,
  createUrlTarget,
  formatProgress,
  formatSummary,
  loadCatalogue,
  loadUntestable,
  runSuite,
  writeReports,
  type ClientCredential,
  type ConformanceProfile,
} from '../../conformance/index.ts';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import { issueCredential, generatePrivateKey, toCredential } from '../../protocol/pki/credential.ts';
import { endEntityTemplate } from '../../protocol/pki/roles.ts';
import type { KeyClassConfig, ServerConfig } from '../../reference-server/config/server-config.ts';
import { DEV_CLIENT_FILES, ensureDevData, type DevData } from '../../reference-server/dev/ensure-dev-data.ts';
import { registerDevClient } from '../../reference-server/dev/register-dev-client.ts';
import { certificateFingerprint } from '../../reference-server/pipeline/identify-stage.ts';
import { createServer, type SksServer } from '../../reference-server/service/create-server.ts';
import { listenSksServer } from '../../reference-server/service/listen.ts';
import type { ServerDeps } from '../../reference-server/service/open-services.ts';
import { createJsonLogger } from '../../reference-server/service/request-log.ts';
import type { SksStore } from '../../reference-server/store/store.ts';
import { type CliIo, UsageError } from '../io.ts';

const USAGE = 'usage: sksml start [--data DIR] [--out DIR]';

/** Key classes of the certification profile (the dev default's, plus one inactive class). */
export const CERTIFICATION_CLASSES = Object.freeze({
  served: ['DEFAULT', 'AES-128'],
  async: 'APPROVAL',
  inactive: 'RETIRED',
});

/** The conformance clients' files, relative to the data folder (created on first run). */
const CONFORMANCE_CLIENTS = Object.freeze({
  second: { name: 'conformance-client-2', status: 'active' },
  deactivated: { name: 'conformance-deactivated', status: 'deactivated' },
} as const);

export interface CertificationSetup {
  readonly server: SksServer;
  readonly dev: DevData;
  readonly config: ServerConfig;
  readonly profile: ConformanceProfile;
}

/** The dev configuration plus an inactive class, so the suite can see that no key of it is issued. */
export function withCertificationClasses(config: ServerConfig): ServerConfig {
  if (config.keyClasses.some((c) => c.name === CERTIFICATION_CLASSES.inactive)) return config;
  const template = config.keyClasses.find((c) => c.isDefault) ?? config.keyClasses[0];
  if (template === undefined) throw new Error('the configuration has no key class');
  const localId =
    1n +
    config.keyClasses.reduce(
      (m, c) => (c.keyUsePolicy.keyUsePolicyId.localId > m ? c.keyUsePolicy.keyUsePolicyId.localId : m),
      0n,
    );
  const name = CERTIFICATION_CLASSES.inactive;
  const inactive: KeyClassConfig = {
    ...template,
    name,
    isDefault: false,
    requiresApproval: false,
    keyUsePolicy: {
      ...template.keyUsePolicy,
      keyUsePolicyId: { domainId: config.domainId, localId },
      policyName: `${name} (inactive, conformance)`,
      keyClass: name,
      status: 'Inactive',
    },
    keyCachePolicy: {
      ...template.keyCachePolicy,
      keyCachePolicyId: { domainId: config.domainId, localId },
      policyName: `${name} cache policy (inactive, conformance)`,
      keyClass: name,
      status: 'Inactive',
    },
  };
  return { ...config, keyClasses: [...config.keyClasses, inactive] };
}

function readCredential(certificatePath: string, keyPath: string): ClientCredential {
  return {
    certificate: new X509Certificate(readFileSync(certificatePath, 'utf8')),
    privateKey: createPrivateKey(readFileSync(keyPath, 'utf8')),
  };
}

/** A conformance client's credential under `<data>/conformance/`, issued by the dev CA on first use. */
function conformanceCredential(dev: DevData, ca: ClientCredential, name: string): ClientCredential {
  const dir = join(dev.dataDir, 'conformance');
  const certificatePath = join(dir, `${name}.crt.pem`);
  const keyPath = join(dir, `${name}.key.pem`);
  if (existsSync(certificatePath) && existsSync(keyPath)) return readCredential(certificatePath, keyPath);
  const now = Date.now();
  const caCredential = toCredential(ca.certificate, ca.privateKey);
  const issued = issueCredential(
    endEntityTemplate(
      'client',
      { commonName: name, organization: 'sksml development' },
      new Date(now - 60_000),
      new Date(Math.min(now + 825 * 86_400_000, new Date(ca.certificate.validTo).getTime())),
    ),
    generatePrivateKey({ type: 'rsa', bits: 2048 }),
    caCredential,
  );
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(certificatePath, issued.certificatePem, { mode: 0o644 });
  writeFileSync(keyPath, issued.privateKeyPem, { mode: 0o600 });
  return { certificate: issued.certificate, privateKey: issued.privateKey };
}

/** Registers `credential` once (found again by fingerprint later) with the wanted status. */
async function registerClient(
  store: SksStore,
  credential: ClientCredential,
  name: string,
  status: 'active' | 'deactivated',
): Promise<void> {
  const fingerprint = certificateFingerprint(credential.certificate);
  const existing = await store.getClientByFingerprint(fingerprint);
  const record =
    existing ??
    (await store.insertClient({
      id: `${name}-${fingerprint.slice(0, 12)}`,
      certificateDer: new Uint8Array(credential.certificate.raw),
      subject: credential.certificate.subject.replace(/\n/g, ', '),
      groups: [],
    }));
  if (record.status !== status) await store.setClientStatus(record.id, status);
}

/**
 * Opens the embedded default server on `dataDir` with everything the full suite needs: the dev
 * client (client1), a second client, a deactivated client, the dev CA as issuing CA, the APPROVAL
 * class (async) and an inactive class; SOAP 1.1 is on. The server opens no port.
 */
export async function openCertificationSetup(
  dataDir: string,
  deps: ServerDeps = {},
): Promise<CertificationSetup> {
  const dev = ensureDevData(dataDir);
  const config = withCertificationClasses(dev.config);
  const ca = readCredential(dev.caCertificate, join(dev.dataDir, DEV_CLIENT_FILES.caPrivateKey));
  const client1 = readCredential(dev.clientCertificate, dev.clientPrivateKey);
  const client2 = conformanceCredential(dev, ca, CONFORMANCE_CLIENTS.second.name);
  const deactivated = conformanceCredential(dev, ca, CONFORMANCE_CLIENTS.deactivated.name);
  const server = await createServer(config, deps);
  try {
    const { store } = server.services;
    await registerDevClient(store, dev.clientCertificate);
    await registerClient(store, client2, CONFORMANCE_CLIENTS.second.name, 'active');
    await registerClient(store, deactivated, CONFORMANCE_CLIENTS.deactivated.name, 'deactivated');
  } catch (error) {
    await server.close();
    throw error;
  }
  const profile: ConformanceProfile = {
    soapVersion: '1.2',
    domainId: config.domainId,
    keyClasses: [...CERTIFICATION_CLASSES.served],
    clients: [client1, client2],
    deactivatedClient: deactivated,
    trustAnchors: [ca.certificate],
    issuingCa: ca,
    soap11: true,
    // The reference server never wraps with rsa-1_5 (SKSML-WSS-25): no legacy client to declare.
    rsa15: false,
    asyncKeyClass: CERTIFICATION_CLASSES.async,
    inactiveKeyClass: CERTIFICATION_CLASSES.inactive,
    maxBodyBytes: config.limits.maxBodyBytes,
    timeoutMs: 30_000,
  };
  return { server, dev, config, profile };
}

interface StartArgs {
  readonly data: string;
  readonly out: string;
}

export function parseStartArgs(args: readonly string[]): StartArgs {
  const out: { data?: string; out?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name !== '--data' && name !== '--out')
      throw new UsageError(`unknown argument ${arg.slice(0, 80)}\n${USAGE}`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value\n${USAGE}`);
    const key = name === '--data' ? 'data' : 'out';
    if (out[key] !== undefined) throw new UsageError(`${name} given twice\n${USAGE}`);
    out[key] = value;
  }
  return { data: out.data ?? '.sksml', out: out.out ?? join('reports', 'conformance') };
}

export async function runStart(args: string[], io: CliIo): Promise<number> {
  const parsed = parseStartArgs(args);
  const outDir = resolve(parsed.out);
  // Server logs would drown the progress lines: only errors (integrity alarms, internal errors).
  const logger = createJsonLogger('error', (line) => io.err(line));
  let setup: CertificationSetup;
  try {
    setup = await openCertificationSetup(parsed.data, { logger });
  } catch (error) {
    // An unusable data folder (half-present files, unreadable keys) is the operator's to fix.
    if (error instanceof SksmlError) {
      io.err(`sksml start: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let listening;
  try {
    listening = await listenSksServer(setup.server, { host: '127.0.0.1', port: 0 });
  } catch (error) {
    await setup.server.close();
    io.err(`sksml start: cannot listen on 127.0.0.1: ${error instanceof Error ? error.message : ''}\n`);
    return 1;
  }
  try {
    io.out(
      `sksml reference server listening on ${listening.url} (data folder ${setup.dev.dataDir}${setup.dev.created ? ', created' : ''})\n` +
        `certifying it with ${ALL_CASES.length} conformance cases\n`,
    );
    const run = await runSuite(
      ALL_CASES,
      createUrlTarget(listening.url, 'sksml reference server'),
      setup.profile,
      {
        onResult: (r, i, n) => io.out(formatProgress(r, i, n)),
      },
    );
    const coverage = computeCoverage(loadCatalogue(), ALL_CASES, loadUntestable()).entries;
    // requests/ holds the exchanges of failing cases: those of an earlier run must not linger.
    rmSync(join(outDir, 'requests'), { recursive: true, force: true });
    const written = writeReports(run, coverage, outDir);
    io.out(formatSummary(run));
    io.out(`reports written to ${outDir}\nHTML report: ${written.html}\n`);
    return run.summary.fail + run.summary.error > 0 ? 1 : 0;
  } finally {
    await listening.stop({ drainTimeoutMs: 5_000 });
  }
}
