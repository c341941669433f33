/**
 * A scripted SKS server for client tests: a minimal, protocol-correct responder built from the
 * protocol/ building blocks, with misbehaviour switches (behaviour.ts). It verifies the client's
 * signed request, generates random keys of the policy's size, wraps them for the client
 * certificate and answers signed SymkeyResponse / KeyCachePolicyResponse messages.
 * This is a test double, NOT the reference server.
 */
import { randomBytes, type X509Certificate } from 'node:crypto';
import { KEY_SIZE_OF_ALGORITHM, type KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  isNewKeyRequest,
} from '../../protocol/model/identifiers.ts';
import type { GlobalKeyID, SymkeyRequestID } from '../../protocol/model/identifiers.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import { parseSksmlMessage } from '../../protocol/model/parse/parse-message.ts';
import {
  serializeKeyCachePolicyResponse,
  serializeSymkeyResponse,
} from '../../protocol/model/serialize/serialize-messages.ts';
import type { Symkey, SymkeyError, SymkeyWorkInProgress } from '../../protocol/model/symkey.ts';
import type { SymkeyRequest } from '../../protocol/model/symkey-request.ts';
import { RSA_1_5, RSA_OAEP_MGF1P } from '../../protocol/keytransport/algorithms.ts';
import { wrapKey } from '../../protocol/keytransport/wrap-key.ts';
import { parseCertificate } from '../../protocol/pki/parse.ts';
import { buildEnvelope } from '../../protocol/soap/build-envelope.ts';
import { buildFault } from '../../protocol/soap/build-fault.ts';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import {
  buildFaultResponse,
  checkEnvelopeBinding,
  decideHttpRequest,
  httpStatusForFault,
  responseContentType,
} from '../../protocol/soap/http-binding.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { buildKeyCachePolicy, buildKeyUsePolicy } from '../../protocol/testkit/builders.ts';
import { issueCertificate, type PkiCredential, type TestPki } from '../../protocol/testkit/pki.ts';
import { createReplayCache } from '../../protocol/wss/replay-cache.ts';
import { createEnvelopeSigner, type EnvelopeSigner } from '../../protocol/wss/sign.ts';
import { verifyEnvelope } from '../../protocol/wss/verify.ts';
import { WssError } from '../../protocol/wss/wss-error.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import type { Behaviour } from './behaviour.ts';

export type { Behaviour } from './behaviour.ts';

export interface StoredKey {
  readonly key: Uint8Array;
  readonly keyUsePolicy: KeyUsePolicy;
}

export interface ScriptedServerOptions {
  readonly pki: TestPki;
  /** Fixed, or chosen per call (0-based call number). Default 'ok'. */
  readonly behaviour?: Behaviour | ((call: number) => Behaviour);
  /** The signing credential of a correct answer. Default pki.server. */
  readonly credential?: PkiCredential;
  readonly clock?: () => Date;
  readonly domainId?: bigint;
  /** ServerID written into the GlobalKeyIDs and SymkeyRequestIDs this server makes. Default 1. */
  readonly serverId?: bigint;
  /** KeyClass of a request without KeyClasses. Default 'DEFAULT'. */
  readonly defaultKeyClass?: string;
  /** KeyAlgorithm per KeyClass; default aes256-cbc. */
  readonly keyAlgorithms?: Readonly<Record<string, KeyAlgorithm>>;
  /** Key transport for wrapped keys. Default 'oaep'. */
  readonly keyTransport?: 'oaep' | 'rsa-1_5';
  /** 'slow': the delay. Default 200 ms. */
  readonly delayMs?: number;
  /** 'work-in-progress': the poll that delivers the key (1 = the first poll). Default 1. */
  readonly polls?: number;
  /** 'work-in-progress': RequestCheckInterval, seconds. Default 60. */
  readonly requestCheckInterval?: number;
  /** Shared key store (e.g. primary and DR of one deployment). */
  readonly store?: Map<string, StoredKey>;
}

export interface ReceivedRequest {
  readonly type: string;
  readonly behaviour: Behaviour;
  readonly request?: SymkeyRequest;
}

export type ScriptedServer = ((request: Request) => Promise<Response>) & {
  /** Number of calls so far. */
  readonly calls: number;
  /** The requests that reached SKSML processing, in order. */
  readonly received: readonly ReceivedRequest[];
  setBehaviour(behaviour: Behaviour | ((call: number) => Behaviour)): void;
  readonly store: Map<string, StoredKey>;
};

interface OddSigners {
  readonly rogue: PkiCredential;
  readonly otherServer: PkiCredential;
}

const oddSigners = new WeakMap<TestPki, OddSigners>();

/** Extra credentials (made once per PKI): a self-signed rogue and another server of the same CA. */
function oddSignersOf(pki: TestPki): OddSigners {
  let s = oddSigners.get(pki);
  if (s === undefined) {
    s = {
      rogue: issueCertificate(pki, { subject: 'rogue-sks', selfSigned: true, extKeyUsage: ['serverAuth'] }),
      otherServer: issueCertificate(pki, { subject: 'other-sks', extKeyUsage: ['serverAuth'] }),
    };
    oddSigners.set(pki, s);
  }
  return s;
}

function soapResponse(version: SoapVersion, body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': responseContentType(version) } });
}

function abortError(): Error {
  const e = new Error('the operation was aborted');
  e.name = 'AbortError';
  return e;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(abortError());
      },
      { once: true },
    );
  });
}

/** Moves the signed Body into a header wrapper and puts a forged Body in its place (XSW). */
function wrapBody(envelope: string, version: SoapVersion, forgedPayload: string): string {
  const p = version === '1.2' ? 'env' : 'soap';
  const body = new RegExp(`<${p}:Body\\b[^>]*>[\\s\\S]*</${p}:Body>`).exec(envelope)?.[0];
  if (body === undefined) throw new Error('scripted server: no Body to wrap');
  return envelope
    .replace(body, `<${p}:Body>${forgedPayload}</${p}:Body>`)
    .replace(
      `</${p}:Header>`,
      `<atk:Wrapper xmlns:atk="urn:example:attacker">${body}</atk:Wrapper></${p}:Header>`,
    );
}

export function createScriptedServer(options: ScriptedServerOptions): ScriptedServer {
  const pki = options.pki;
  const clock = options.clock ?? (() => new Date());
  const domainId = options.domainId ?? 10514n;
  const serverId = options.serverId ?? 1n;
  const defaultKeyClass = options.defaultKeyClass ?? 'DEFAULT';
  const store = options.store ?? new Map<string, StoredKey>();
  const replayCache = createReplayCache();
  const signers = new Map<string, EnvelopeSigner>();
  const received: ReceivedRequest[] = [];
  const work = new Map<string, { keyClass: string; remaining: number; requested: GlobalKeyID }>();
  let behaviourOf: (call: number) => Behaviour = () => 'ok';
  let calls = 0;
  let nextKeyId = 1n;
  let nextRequestId = 1n;
  let lastSigned: { version: SoapVersion; xml: string } | undefined;

  const setBehaviour = (b: Behaviour | ((call: number) => Behaviour)): void => {
    behaviourOf = typeof b === 'function' ? b : () => b;
  };
  setBehaviour(options.behaviour ?? 'ok');

  function signerFor(behaviour: Behaviour): EnvelopeSigner {
    let credential = options.credential ?? pki.server;
    if (behaviour === 'untrusted-signer') credential = oddSignersOf(pki).rogue;
    if (behaviour === 'wrong-server-certificate') credential = oddSignersOf(pki).otherServer;
    if (behaviour === 'client-certificate-signer') credential = pki.clients[0] ?? credential;
    const id = credential.certificate.fingerprint256;
    let signer = signers.get(id);
    if (signer === undefined) {
      signer = createEnvelopeSigner({
        certificate: credential.certificate,
        privateKey: credential.privateKey,
      });
      signers.set(id, signer);
    }
    return signer;
  }

  function newRequestId(): SymkeyRequestID {
    return { domainId, serverId, requestId: nextRequestId++ };
  }

  function policyFor(keyClass: string, behaviour: Behaviour): KeyUsePolicy {
    const keyAlgorithm = options.keyAlgorithms?.[keyClass] ?? 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
    const kup = buildKeyUsePolicy({
      keyClass: behaviour === 'unrequested-key-class' ? `${keyClass}-UNREQUESTED` : keyClass,
      keyAlgorithm,
    });
    if (behaviour === 'algorithm-mismatch')
      return { ...kup, keyAlgorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc', keySize: 128 };
    return kup;
  }

  function symkeyFor(
    stored: StoredKey,
    globalKeyId: GlobalKeyID,
    symkeyRequestId: SymkeyRequestID,
    recipient: X509Certificate,
    behaviour: Behaviour,
  ): Symkey {
    let key = stored.key;
    if (behaviour === 'wrong-key-size') key = key.subarray(0, key.length - 8);
    const legacy = options.keyTransport === 'rsa-1_5';
    const wrapped = wrapKey(key, recipient, legacy ? RSA_1_5 : RSA_OAEP_MGF1P, { legacy });
    const cipherValue =
      behaviour === 'bad-cipher-value'
        ? new Uint8Array(randomBytes(wrapped.cipherValue.length))
        : wrapped.cipherValue;
    return {
      symkeyRequestId,
      globalKeyId,
      keyUsePolicy: stored.keyUsePolicy,
      encryptionMethod: wrapped.encryptionMethod,
      cipherData: { kind: 'value', cipherValue },
    };
  }

  function newKey(keyClass: string, behaviour: Behaviour): [GlobalKeyID, StoredKey] {
    const keyUsePolicy = policyFor(keyClass, behaviour);
    const bits =
      behaviour === 'algorithm-mismatch'
        ? keyUsePolicy.keySize
        : KEY_SIZE_OF_ALGORITHM[keyUsePolicy.keyAlgorithm];
    const stored = { key: new Uint8Array(randomBytes(bits / 8)), keyUsePolicy };
    const globalKeyId = { domainId, serverId, keyId: nextKeyId++ };
    store.set(formatGlobalKeyID(globalKeyId), stored);
    return [globalKeyId, stored];
  }

  function answerSymkeyRequest(
    request: SymkeyRequest,
    recipient: X509Certificate,
    behaviour: Behaviour,
  ): string {
    const symkeys: Symkey[] = [];
    const workInProgress: SymkeyWorkInProgress[] = [];
    const errors: SymkeyError[] = [];
    const error = (
      requested: GlobalKeyID,
      code: string,
      message: string,
      keyClass?: string,
      id = newRequestId(),
    ): void => {
      errors.push({
        symkeyRequestId: id,
        requestedGlobalKeyId: requested,
        ...(keyClass === undefined ? {} : { requestedKeyClass: keyClass }),
        errorCode: code,
        errorMessage: message,
      });
    };
    if (request.kind === 'poll') {
      for (const id of request.symkeyRequestIds) {
        const w = work.get(formatSymkeyRequestID(id));
        if (w === undefined) {
          error(
            { domainId, serverId: 0n, keyId: 0n },
            'SKS-UNKNOWN-REQUEST',
            'unknown request',
            undefined,
            id,
          );
          continue;
        }
        w.remaining -= 1;
        if (w.remaining > 0) {
          workInProgress.push({
            requestedGlobalKeyId: w.requested,
            requestedKeyClass: w.keyClass,
            symkeyRequestId: id,
            requestCheckInterval: options.requestCheckInterval ?? 60,
          });
          continue;
        }
        work.delete(formatSymkeyRequestID(id));
        const [gkid, stored] = newKey(w.keyClass, behaviour);
        symkeys.push(symkeyFor(stored, gkid, id, recipient, behaviour));
      }
    } else {
      for (const requested of request.globalKeyIds) {
        if (isNewKeyRequest(requested)) {
          for (const keyClass of request.keyClasses ?? [defaultKeyClass]) {
            if (behaviour === 'symkey-error') {
              error(requested, 'SKS-100004', 'Unauthorized request for key', keyClass);
            } else if (behaviour === 'work-in-progress') {
              const id = newRequestId();
              work.set(formatSymkeyRequestID(id), { keyClass, remaining: options.polls ?? 1, requested });
              workInProgress.push({
                requestedGlobalKeyId: requested,
                requestedKeyClass: keyClass,
                symkeyRequestId: id,
                requestCheckInterval: options.requestCheckInterval ?? 60,
              });
            } else {
              const [gkid, stored] = newKey(keyClass, behaviour);
              symkeys.push(symkeyFor(stored, gkid, newRequestId(), recipient, behaviour));
            }
          }
          continue;
        }
        const stored = store.get(formatGlobalKeyID(requested));
        if (stored === undefined || behaviour === 'symkey-error') {
          error(requested, 'SKS-100004', 'Unauthorized request for key');
          continue;
        }
        const delivered =
          behaviour === 'unrequested-global-key-id'
            ? { ...requested, keyId: requested.keyId + 1000n }
            : requested;
        symkeys.push(symkeyFor(stored, delivered, newRequestId(), recipient, behaviour));
      }
    }
    return serializeSymkeyResponse({ symkeys, workInProgress, errors });
  }

  function kcpResponse(): string {
    return serializeKeyCachePolicyResponse({
      keyCachePolicies: [buildKeyCachePolicy({ keyClass: defaultKeyClass })],
    });
  }

  async function handle(request: Request): Promise<Response> {
    const call = calls++;
    const behaviour = behaviourOf(call);
    if (behaviour === 'refuse') throw new TypeError('fetch failed (scripted: connection refused)');
    if (behaviour === 'hang')
      return new Promise<Response>((_, reject) =>
        request.signal.addEventListener('abort', () => reject(abortError())),
      );
    if (behaviour === 'http-500-html')
      return new Response('<html><body><h1>500 Internal Server Error</h1></body></html>', {
        status: 500,
        headers: { 'content-type': 'text/html' },
      });
    if (behaviour === 'slow') await delay(options.delayMs ?? 200, request.signal);

    let version: SoapVersion = '1.2';
    try {
      const binding = decideHttpRequest({
        method: request.method,
        contentType: request.headers.get('content-type'),
        soapAction: request.headers.get('soapaction'),
      });
      version = binding.version;
      const text = await request.text();
      checkEnvelopeBinding(binding, parseEnvelope(parseXml(text)));
      const now = clock();
      const verified = verifyEnvelope(text, { trustAnchors: pki.trustAnchors, now, replayCache });
      if (behaviour === 'fault')
        return soapResponse(
          version,
          buildFault({ version, code: 'Receiver', reason: 'The server could not process the request.' }),
          httpStatusForFault(version, 'Receiver'),
        );
      if (behaviour === 'malformed-xml')
        return soapResponse(
          version,
          '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><ekmi:Sym',
        );
      if (behaviour === 'replay' && lastSigned !== undefined)
        return soapResponse(lastSigned.version, lastSigned.xml);

      const message = parseSksmlMessage(verified.payload);
      received.push({
        type: message.type,
        behaviour,
        ...(message.type === 'SymkeyRequest' ? { request: message.message } : {}),
      });
      let payloadXml: string;
      if (message.type === 'KeyCachePolicyRequest') payloadXml = kcpResponse();
      else if (message.type !== 'SymkeyRequest')
        throw new WssError('WSS_NOT_AN_ENVELOPE', 'not a request'); // answered as a Sender fault below
      else if (behaviour === 'schema-invalid')
        payloadXml = '<ekmi:SymkeyResponse xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"/>';
      else if (behaviour === 'wrong-response-type') payloadXml = kcpResponse();
      else {
        const m = message.message;
        const recipient =
          m.kind === 'keys' && m.x509EncryptionCertificate !== undefined
            ? parseCertificate(m.x509EncryptionCertificate)
            : verified.certificate;
        payloadXml = answerSymkeyRequest(m, recipient, behaviour);
      }
      if (behaviour === 'unsigned')
        return soapResponse(version, buildEnvelope({ version, body: payloadXml }));
      const signedAt = behaviour === 'stale' ? new Date(now.getTime() - 3_600_000) : now;
      let xml = signerFor(behaviour)({ payloadXml, version, now: signedAt });
      if (behaviour === 'wrapped-body') {
        const [gkid, stored] = newKey(defaultKeyClass, 'ok');
        const forged = serializeSymkeyResponse({
          symkeys: [symkeyFor(stored, gkid, newRequestId(), verified.certificate, 'ok')],
          workInProgress: [],
          errors: [],
        });
        xml = wrapBody(xml, version, forged);
      }
      lastSigned = { version, xml };
      return soapResponse(version, xml);
    } catch (e) {
      if (e instanceof WssError)
        return soapResponse(
          version,
          buildFault({ version, code: 'Sender', subcode: e.fault, reason: e.faultReason }),
          httpStatusForFault(version, 'Sender'),
        );
      const r = buildFaultResponse(e, version);
      return new Response(r.body, { status: r.status, headers: r.headers });
    }
  }

  return Object.defineProperties(handle, {
    calls: { get: () => calls },
    received: { get: () => received },
    setBehaviour: { value: setBehaviour },
    store: { value: store },
  }) as ScriptedServer;
}
