/**
 * Test support for the SKS server: a server on a fresh embedded-default data folder (dev PKI,
 * escrow keys, sealing key, SQLite or a given PostgreSQL database), extra registered clients issued
 * by the dev CA, and a minimal signing client (build, sign, post, verify, unwrap) made only of
 * protocol/ pieces.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unwrapKey } from '../../../protocol/keytransport/unwrap-key.ts';
import type { SksmlMessage } from '../../../protocol/model/message.ts';
import { parseSksmlMessage } from '../../../protocol/model/parse/parse-message.ts';
import { serializeSksmlMessage } from '../../../protocol/model/serialize/serialize-messages.ts';
import type { Symkey } from '../../../protocol/model/symkey.ts';
import {
  generatePrivateKey,
  issueCredential,
  toCredential,
  type PkiCredential,
} from '../../../protocol/pki/credential.ts';
import { endEntityTemplate } from '../../../protocol/pki/roles.ts';
import { SKSML_ACTIONS } from '../../../protocol/soap/actions.ts';
import { isFaultEnvelope, parseEnvelope } from '../../../protocol/soap/envelope.ts';
import type { SoapVersion } from '../../../protocol/soap/namespaces.ts';
import { parseFault, type SoapFault } from '../../../protocol/soap/parse-fault.ts';
import { signEnvelope } from '../../../protocol/wss/sign.ts';
import { verifyEnvelope } from '../../../protocol/wss/verify.ts';
import { parseXml } from '../../../protocol/xml/intake.ts';
import type { ServerConfig } from '../../config/server-config.ts';
import { DEV_CLIENT_FILES, ensureDevData, type DevData } from '../../dev/ensure-dev-data.ts';
import { registerDevClient } from '../../dev/register-dev-client.ts';
import type { ClientRecord } from '../../store/records.ts';
import { createServer, type SksServer } from '../create-server.ts';
import type { ServerDeps } from '../open-services.ts';
import { createMemoryLogger } from '../request-log.ts';

export interface TestClient {
  readonly credential: PkiCredential;
  readonly record: ClientRecord;
}

export interface ServerFixture {
  readonly server: SksServer;
  readonly dev: DevData;
  readonly config: ServerConfig;
  readonly ca: PkiCredential;
  readonly trustAnchors: readonly X509Certificate[];
  readonly logLines: string[];
  /** The registered dev client. */
  readonly client: TestClient;
  /** Issues a credential from the dev CA and registers it (unless `register` is false). */
  addClient(name: string, options?: { register?: boolean; groups?: readonly string[] }): Promise<TestClient>;
  cleanup(): Promise<void>;
}

export interface FixtureOptions {
  /** Changes to the embedded default configuration. */
  readonly configure?: (config: ServerConfig) => ServerConfig;
  readonly deps?: ServerDeps;
}

function readCredential(certPath: string, keyPath: string): PkiCredential {
  return toCredential(
    new X509Certificate(readFileSync(certPath, 'utf8')),
    createPrivateKey(readFileSync(keyPath, 'utf8')),
  );
}

export async function startServerFixture(options: FixtureOptions = {}): Promise<ServerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-server-test-'));
  const dev = ensureDevData(dir);
  const config = options.configure?.(dev.config) ?? dev.config;
  const logger = createMemoryLogger();
  let server: SksServer;
  try {
    server = await createServer(config, { logger, ...options.deps });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const ca = readCredential(dev.caCertificate, join(dir, DEV_CLIENT_FILES.caPrivateKey));
  const record = await registerDevClient(server.services.store, dev.clientCertificate);
  const client = { credential: readCredential(dev.clientCertificate, dev.clientPrivateKey), record };
  const now = new Date();
  return {
    server,
    dev,
    config,
    ca,
    trustAnchors: [ca.certificate],
    logLines: logger.lines,
    client,
    async addClient(name, opts = {}) {
      const credential = issueCredential(
        endEntityTemplate(
          'client',
          { commonName: name, organization: 'sksml development' },
          new Date(now.getTime() - 60_000),
          new Date(now.getTime() + 86_400_000),
        ),
        generatePrivateKey({ type: 'rsa', bits: 2048 }),
        ca,
      );
      const record =
        opts.register === false
          ? ({ id: name } as ClientRecord)
          : await server.services.store.insertClient({
              id: name,
              certificateDer: new Uint8Array(credential.certificate.raw),
              subject: credential.certificate.subject.replace(/\n/g, ', '),
              groups: opts.groups ?? [],
            });
      return { credential, record };
    },
    async cleanup() {
      await server.close({ drainTimeoutMs: 5_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Fetcher = (request: Request) => Promise<Response>;

export interface SignedRequestOptions {
  readonly version?: SoapVersion;
  readonly now?: Date;
  readonly url?: string;
}

/** The HTTP request for `message`, signed by `credential`, in `version` (default 1.2). */
export function buildSignedRequest(
  credential: PkiCredential,
  message: SksmlMessage,
  options: SignedRequestOptions = {},
): Request {
  const version = options.version ?? '1.2';
  const body = signEnvelope({
    payloadXml: serializeSksmlMessage(message),
    version,
    certificate: credential.certificate,
    privateKey: credential.privateKey,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return rawRequest(body, version, SKSML_ACTIONS[message.type], options.url);
}

/** A POST to /sks with `body` and the binding's headers for `version` and `action`. */
export function rawRequest(
  body: string | Uint8Array,
  version: SoapVersion,
  action: string,
  url = 'http://127.0.0.1/sks',
): Request {
  const headers: Record<string, string> =
    version === '1.2'
      ? { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` }
      : { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` };
  return new Request(url, { method: 'POST', headers, body });
}

export type ServerAnswer =
  | {
      readonly kind: 'message';
      readonly status: number;
      readonly message: SksmlMessage;
      readonly text: string;
      readonly version: SoapVersion;
    }
  | {
      readonly kind: 'fault';
      readonly status: number;
      readonly fault: SoapFault;
      readonly signed: boolean;
      readonly text: string;
      readonly version: SoapVersion;
    };

/** Reads a server answer: a fault (signed or not) or a verified, signed SKSML message. */
export async function readAnswer(
  response: Response,
  trustAnchors: readonly X509Certificate[],
): Promise<ServerAnswer> {
  const text = await response.text();
  const doc = parseXml(text);
  const envelope = parseEnvelope(doc);
  if (isFaultEnvelope(envelope)) {
    let signed = true;
    try {
      verifyEnvelope(doc, { trustAnchors });
    } catch {
      signed = false;
    }
    return {
      kind: 'fault',
      status: response.status,
      fault: parseFault(envelope),
      signed,
      text,
      version: envelope.version,
    };
  }
  const verified = verifyEnvelope(doc, { trustAnchors });
  return {
    kind: 'message',
    status: response.status,
    message: parseSksmlMessage(verified.payload),
    text,
    version: envelope.version,
  };
}

/** The key value of a Symkey, unwrapped with the recipient's private key. */
export function unwrapSymkey(symkey: Symkey, privateKey: KeyObject): Uint8Array {
  if (symkey.cipherData.kind !== 'value') throw new Error('Symkey without CipherValue');
  return unwrapKey(symkey.cipherData.cipherValue, symkey.encryptionMethod, privateKey);
}
