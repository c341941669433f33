/**
 * A minimal SKS client for the crash test and the server benchmark, made only of protocol/ pieces:
 * build a SymkeyRequest, sign it (every request freshly, because the server keeps a replay
 * cache), POST it over HTTP/1.1 keep-alive, verify the signed answer against the server's pinned
 * certificate and unwrap each Symkey with the client's private key.
 *
 * The three steps are exported separately so that the benchmark can measure the client's own
 * cost per request apart from the round trip.
 */
import { request as httpRequest, Agent } from 'node:http';
import type { KeyObject, X509Certificate } from 'node:crypto';
import { unwrapKey } from '../../protocol/keytransport/unwrap-key.ts';
import { formatGlobalKeyID, type GlobalKeyID } from '../../protocol/model/identifiers.ts';
import { parseSksmlMessage } from '../../protocol/model/parse/parse-message.ts';
import { serializeSksmlMessage } from '../../protocol/model/serialize/serialize-messages.ts';
import { SKSML_ACTIONS } from '../../protocol/soap/actions.ts';
import { isFaultEnvelope, parseEnvelope } from '../../protocol/soap/envelope.ts';
import { parseFault } from '../../protocol/soap/parse-fault.ts';
import { createEnvelopeSigner, type EnvelopeSigner } from '../../protocol/wss/sign.ts';
import { verifyEnvelope } from '../../protocol/wss/verify.ts';
import { parseXml } from '../../protocol/xml/intake.ts';

export interface KeyClientOptions {
  /** The SKS endpoint, e.g. http://127.0.0.1:43117/sks. */
  readonly url: string;
  /** The client's certificate and private key (signing and key transport). */
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
  /** The CAs the server's certificate must chain to. */
  readonly trustAnchors: readonly X509Certificate[];
  /** The server's own certificate: answers signed by anyone else are refused. */
  readonly serverCertificate: X509Certificate;
  /** Most sockets kept open to the server (default 16). */
  readonly maxSockets?: number;
}

/** One key as the client received it: its GlobalKeyID (text) and the unwrapped key bytes. */
export interface DeliveredKey {
  readonly globalKeyId: string;
  readonly value: Uint8Array;
}

/** A verified SymkeyResponse reduced to what the tests need. */
export interface KeyAnswer {
  readonly keys: readonly DeliveredKey[];
  /** `GKID: ErrorCode` per SymkeyError. */
  readonly errors: readonly string[];
}

/** The server answered with a SOAP fault or an HTTP status other than 200. */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly faultCode: string | null,
  ) {
    super(`server refused: HTTP ${status}${faultCode === null ? '' : `, fault ${faultCode}`}`);
  }
}

export interface PreparedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const ACTION = SKSML_ACTIONS.SymkeyRequest;

/** The signed SOAP 1.2 HTTP request for a SymkeyRequest of `globalKeyIds` (optionally by class). */
export function buildKeyRequest(
  signer: EnvelopeSigner,
  globalKeyIds: readonly GlobalKeyID[],
  keyClasses?: readonly string[],
): PreparedRequest {
  const payloadXml = serializeSksmlMessage({
    type: 'SymkeyRequest',
    message: { kind: 'keys', globalKeyIds, ...(keyClasses === undefined ? {} : { keyClasses }) },
  });
  const body = signer({ payloadXml, version: '1.2' });
  return {
    body,
    headers: {
      'content-type': `application/soap+xml; charset=utf-8; action="${ACTION}"`,
      'content-length': String(Buffer.byteLength(body)),
    },
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** POSTs `prepared` to `url` on `agent`; rejects on a connection failure (e.g. the server died). */
export function postRequest(url: URL, prepared: PreparedRequest, agent: Agent): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent, headers: prepared.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
    req.on('error', reject);
    req.end(prepared.body);
  });
}

export interface ReadOptions {
  readonly trustAnchors: readonly X509Certificate[];
  readonly serverCertificate: X509Certificate;
  /** The client's private key; without it, keys are verified but not unwrapped (value empty). */
  readonly privateKey?: KeyObject;
}

/** Verifies a server answer (signature by the pinned server certificate) and unwraps its keys. */
export function readKeyAnswer(answer: HttpAnswer, options: ReadOptions): KeyAnswer {
  const doc = parseXml(answer.text);
  const envelope = parseEnvelope(doc);
  if (isFaultEnvelope(envelope)) {
    const fault = parseFault(envelope);
    throw new ServerRefusal(answer.status, [fault.code, ...fault.subcodes.map((s) => s.localName)].join('/'));
  }
  if (answer.status !== 200) throw new ServerRefusal(answer.status, null);
  const verified = verifyEnvelope(doc, {
    trustAnchors: options.trustAnchors,
    expectedCertificate: options.serverCertificate,
  });
  const message = parseSksmlMessage(verified.payload);
  if (message.type !== 'SymkeyResponse') throw new Error(`unexpected answer ${message.type}`);
  const { symkeys, errors } = message.message;
  return {
    keys: symkeys.map((symkey) => {
      if (symkey.cipherData.kind !== 'value') throw new Error('Symkey without CipherValue');
      return {
        globalKeyId: formatGlobalKeyID(symkey.globalKeyId),
        value:
          options.privateKey === undefined
            ? new Uint8Array(0)
            : unwrapKey(symkey.cipherData.cipherValue, symkey.encryptionMethod, options.privateKey),
      };
    }),
    errors: errors.map((e) => `${formatGlobalKeyID(e.requestedGlobalKeyId)}: ${e.errorCode}`),
  };
}

export interface KeyClient {
  /** One new key per listed class (the server's default class when none is listed). */
  requestNewKeys(domainId: bigint, keyClasses?: readonly string[]): Promise<KeyAnswer>;
  /** Existing keys by GlobalKeyID. */
  requestKeys(globalKeyIds: readonly GlobalKeyID[]): Promise<KeyAnswer>;
  close(): void;
}

export function createKeyClient(options: KeyClientOptions): KeyClient {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 });
  const signer = createEnvelopeSigner({ certificate: options.certificate, privateKey: options.privateKey });
  const read: ReadOptions = {
    trustAnchors: options.trustAnchors,
    serverCertificate: options.serverCertificate,
    privateKey: options.privateKey,
  };
  const send = async (ids: readonly GlobalKeyID[], classes?: readonly string[]): Promise<KeyAnswer> =>
    readKeyAnswer(await postRequest(url, buildKeyRequest(signer, ids, classes), agent), read);
  return {
    requestNewKeys: (domainId, keyClasses) => send([{ domainId, serverId: 0n, keyId: 0n }], keyClasses),
    requestKeys: (ids) => send(ids),
    close: () => agent.destroy(),
  };
}
