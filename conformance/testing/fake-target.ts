/**
 * A tiny, protocol-correct SKS server built from protocol/ pieces, for testing the harness
 * itself: it verifies signed requests with verifyEnvelope, answers signed SymkeyResponses with
 * OAEP-wrapped keys, KeyCachePolicyResponses, and faults per spec/binding.md. Switches break it
 * in named ways so tests can prove the harness notices. It is NOT the reference server.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { RSA_1_5, RSA_OAEP_MGF1P } from '../../protocol/keytransport/algorithms.ts';
import { wrapKey } from '../../protocol/keytransport/wrap-key.ts';
import {
  formatGlobalKeyID,
  isNewKeyRequest,
  type GlobalKeyID,
  type SymkeyRequestID,
} from '../../protocol/model/identifiers.ts';
import { parseKeyCachePolicyRequest } from '../../protocol/model/parse/parse-key-cache-policy.ts';
import { parseSymkeyRequest } from '../../protocol/model/parse/parse-symkey-request.ts';
import {
  serializeKeyCachePolicyResponse,
  serializeSymkeyResponse,
} from '../../protocol/model/serialize/serialize-messages.ts';
import type { Symkey, SymkeyError } from '../../protocol/model/symkey.ts';
import type { SymkeyRequest } from '../../protocol/model/symkey-request.ts';
import { verifyCertificateChain } from '../../protocol/pki/chain.ts';
import { buildEnvelope } from '../../protocol/soap/build-envelope.ts';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import { checkMustUnderstand } from '../../protocol/soap/header-blocks.ts';
import {
  buildFaultResponse,
  buildSksmlResponse,
  checkEnvelopeBinding,
  decideHttpRequest,
  SoapBindingError,
  type HttpResponse,
} from '../../protocol/soap/http-binding.ts';
import { WSSE_NS, type SoapVersion } from '../../protocol/soap/namespaces.ts';
import { SoapError } from '../../protocol/soap/soap-error.ts';
import { WSSE_FAILED_AUTHENTICATION } from '../../protocol/soap/wss-faults.ts';
import { buildKeyCachePolicy, buildKeyUsePolicy, buildSymkeyError } from '../../protocol/testkit/builders.ts';
import type { PkiCredential } from '../../protocol/testkit/pki.ts';
import { validateMessageSemantics } from '../../protocol/validation/validate-semantics.ts';
import { createReplayCache } from '../../protocol/wss/replay-cache.ts';
import { signEnvelope } from '../../protocol/wss/sign.ts';
import { verifyEnvelope, type VerifiedMessage } from '../../protocol/wss/verify.ts';
import { WssError } from '../../protocol/wss/wss-error.ts';
import { DEFAULT_INTAKE_LIMITS, parseXml } from '../../protocol/xml/intake.ts';
import { createFetchTarget, type Target } from '../model/target.ts';

/** Named defects. Each breaks at least one requirement the suite checks. */
export interface FakeTargetSwitches {
  /** Responses carry no WS-Security header (SKSML-SRV-36). */
  readonly unsignedResponse?: boolean;
  /** Keys of 128 bits under a KeySize-256 policy (SKSML-SRV-44, SKSML-MSG-103 via the key). */
  readonly wrongKeySize?: boolean;
  /** Accepts timestamps up to ten days old (SKSML-WSS-9). */
  readonly acceptStaleTimestamp?: boolean;
  /** No replay cache (SKSML-WSS-22). */
  readonly noReplayCache?: boolean;
  /** The same key bytes for every new key (SKSML-SRV-40). */
  readonly reuseKeys?: boolean;
  /** A stack trace in every fault (SKSML-BIND-22). */
  readonly stackTraceInFault?: boolean;
  /** The last delivered key, in hex, in every SymkeyError message (SKSML-BIND-22). */
  readonly keyBytesInError?: boolean;
  /** New keys keep the sentinel GlobalKeyID (SKSML-MSG-10). */
  readonly sentinelGlobalKeyId?: boolean;
  /** Wraps keys with rsa-1_5 (SKSML-WSS-25). */
  readonly rsa15Wrap?: boolean;
  /** Serves requests whatever their signature (SKSML-SRV-37). */
  readonly skipSignatureVerification?: boolean;
  /** Serves another client's keys (SKSML-SRV-41). */
  readonly ignoreKeyOwner?: boolean;
  /** Ignores deactivation (SKSML-SRV-37). */
  readonly ignoreDeactivation?: boolean;
}

export interface FakeTargetOptions {
  readonly server: PkiCredential;
  readonly trustAnchors: readonly X509Certificate[];
  readonly domainId?: bigint;
  /** KeyClasses served besides DEFAULT. */
  readonly keyClasses?: readonly string[];
  /** KeyClasses whose KeyUsePolicy is Inactive. */
  readonly inactiveKeyClasses?: readonly string[];
  /** Certificates of deactivated clients. */
  readonly deactivated?: readonly X509Certificate[];
  readonly switches?: FakeTargetSwitches;
}

interface StoredKey {
  readonly key: Uint8Array;
  readonly owner: string;
  readonly keyClass: string;
}

const DEFAULT_CLASS = 'DEFAULT';
/** Codes and fixed messages of spec/error-registry.md §2. */
const ERRORS = {
  unknownKey: ['SKS-UNKNOWN-KEY', 'The requested key does not exist'],
  unauthorized: ['SKS-UNAUTHORIZED', 'The client is not authorized for the requested key'],
  unknownClass: ['SKS-UNKNOWN-KEY-CLASS', 'The requested key class is not configured'],
  unknownRequest: ['SKS-UNKNOWN-REQUEST-ID', 'The SymkeyRequestID is not a pending request of this client'],
  domain: ['SKS-DOMAIN-MISMATCH', 'The GlobalKeyID belongs to another domain'],
  inactive: ['SKS-POLICY-INACTIVE', 'The key use policy of the requested key class is inactive'],
  certificate: [
    'SKS-INVALID-ENCRYPTION-CERTIFICATE',
    'The encryption certificate cannot be used for this client',
  ],
} as const;
type ErrorKind = keyof typeof ERRORS;

function toFetchResponse(r: HttpResponse): Response {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

const INVALID_REQUEST = { namespace: 'urn:sksml:fault:1.0', localName: 'InvalidRequest', prefix: 'sksml' };

function invalidRequest(message: string): SoapError {
  return new SoapError('SRV_SEMANTIC_INVALID', 'Sender', message, { subcode: INVALID_REQUEST });
}

/**
 * The fault for `e`; SOAP 1.1 project subcodes use the dot notation of SOAP 1.1 §4.4.1
 * (soap:Client.InvalidRequest, spec/error-registry.md §3), which buildFaultResponse does not write.
 */
function faultResponse(e: unknown, version: SoapVersion | null): HttpResponse {
  if (version === '1.1' && e instanceof SoapError && e.subcode?.namespace === INVALID_REQUEST.namespace) {
    const fault =
      '<soap:Fault><faultcode>soap:Client.InvalidRequest</faultcode>' +
      '<faultstring>The request violates an SKSML rule</faultstring></soap:Fault>';
    return {
      status: 500,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: buildEnvelope({ version, body: fault }),
    };
  }
  return buildFaultResponse(e, version);
}

export function createFakeTarget(options: FakeTargetOptions): Target {
  const sw = options.switches ?? {};
  const domainId = options.domainId ?? 10514n;
  const classes = new Set([DEFAULT_CLASS, ...(options.keyClasses ?? [])]);
  const inactive = new Set(options.inactiveKeyClasses ?? []);
  const deactivated = new Set((options.deactivated ?? []).map((c) => c.fingerprint256));
  const replayCache = sw.noReplayCache === true ? undefined : createReplayCache();
  const store = new Map<string, StoredKey>();
  let nextKeyId = 1n;
  let nextRequestId = 1n;
  let lastKey: Uint8Array | null = null;
  const fixedKey = randomBytes(32);

  function verify(xml: Uint8Array): VerifiedMessage {
    try {
      return verifyEnvelope(parseXml(xml), {
        trustAnchors: options.trustAnchors,
        ...(replayCache === undefined ? {} : { replayCache }),
        ...(sw.acceptStaleTimestamp === true ? { maxSkewSeconds: 10 * 86400 } : {}),
      });
    } catch (e) {
      if (e instanceof WssError)
        throw new SoapError(e.code, 'Sender', e.message, { subcode: e.fault, cause: e });
      throw e;
    }
  }

  function newKey(
    keyClass: string,
    requestId: SymkeyRequestID,
    owner: string,
    recipient: X509Certificate,
  ): Symkey {
    const key =
      sw.reuseKeys === true ? fixedKey : new Uint8Array(randomBytes(sw.wrongKeySize === true ? 16 : 32));
    const globalKeyId = { domainId, serverId: 1n, keyId: nextKeyId++ };
    store.set(formatGlobalKeyID(globalKeyId), { key, owner, keyClass });
    return deliver(key, keyClass, globalKeyId, requestId, recipient);
  }

  function deliver(
    key: Uint8Array,
    keyClass: string,
    globalKeyId: GlobalKeyID,
    requestId: SymkeyRequestID,
    recipient: X509Certificate,
  ): Symkey {
    lastKey = key;
    const wrapped =
      sw.rsa15Wrap === true
        ? wrapKey(key, recipient, RSA_1_5, { legacy: true })
        : wrapKey(key, recipient, RSA_OAEP_MGF1P);
    return {
      symkeyRequestId: requestId,
      globalKeyId,
      keyUsePolicy: buildKeyUsePolicy({ keyClass }),
      encryptionMethod: wrapped.encryptionMethod,
      cipherData: { kind: 'value', cipherValue: wrapped.cipherValue },
    };
  }

  function refusal(
    kind: ErrorKind,
    requestId: SymkeyRequestID,
    id: GlobalKeyID,
    keyClass?: string,
  ): SymkeyError {
    const leak =
      sw.keyBytesInError === true && lastKey !== null ? ` (${Buffer.from(lastKey).toString('hex')})` : '';
    const [code, message] = ERRORS[kind];
    return buildSymkeyError(requestId, id, code, `${message}${leak}`, keyClass);
  }

  /** The certificate to wrap for, or null when the request's X509EncryptionCertificate is unusable (SKSML-SRV-110). */
  function recipientOf(request: SymkeyRequest, signer: X509Certificate): X509Certificate | null {
    if (request.kind !== 'keys' || request.x509EncryptionCertificate === undefined) return signer;
    try {
      const cert = new X509Certificate(Buffer.from(request.x509EncryptionCertificate));
      verifyCertificateChain(cert, {
        trustAnchors: options.trustAnchors,
        at: new Date(),
        usage: 'keyEncipherment',
      });
      return cert.subject === signer.subject ? cert : null;
    } catch {
      return null;
    }
  }

  function answerSymkeyRequest(request: SymkeyRequest, signer: X509Certificate): string {
    const owner = signer.fingerprint256;
    const requestId: SymkeyRequestID = { domainId, serverId: 1n, requestId: nextRequestId++ };
    const symkeys: Symkey[] = [];
    const errors: SymkeyError[] = [];
    if (request.kind === 'poll') {
      for (const id of request.symkeyRequestIds)
        errors.push(refusal('unknownRequest', id, { domainId: id.domainId, serverId: 0n, keyId: 0n }));
    } else {
      const recipient = recipientOf(request, signer);
      for (const id of request.globalKeyIds) {
        if (isNewKeyRequest(id)) {
          for (const keyClass of request.keyClasses ?? [DEFAULT_CLASS]) {
            if (id.domainId !== domainId) errors.push(refusal('domain', requestId, id, keyClass));
            else if (!classes.has(keyClass) && !inactive.has(keyClass))
              errors.push(refusal('unknownClass', requestId, id, keyClass));
            else if (inactive.has(keyClass)) errors.push(refusal('inactive', requestId, id, keyClass));
            else if (recipient === null) errors.push(refusal('certificate', requestId, id, keyClass));
            else symkeys.push(newKey(keyClass, requestId, owner, recipient));
          }
          continue;
        }
        const stored = store.get(formatGlobalKeyID(id));
        if (id.domainId !== domainId) errors.push(refusal('domain', requestId, id));
        else if (stored !== undefined && recipient === null)
          errors.push(refusal('certificate', requestId, id));
        else if (
          stored !== undefined &&
          recipient !== null &&
          (stored.owner === owner || sw.ignoreKeyOwner === true)
        )
          symkeys.push(deliver(stored.key, stored.keyClass, id, requestId, recipient));
        else errors.push(refusal(stored === undefined ? 'unknownKey' : 'unauthorized', requestId, id));
      }
    }
    const xml = serializeSymkeyResponse({ symkeys, workInProgress: [], errors });
    // The serializer refuses the sentinel in a Symkey, so the defect is written into the text.
    return sw.sentinelGlobalKeyId === true
      ? xml.replace(/<ekmi:GlobalKeyID>([0-9]+)-1-[0-9]+</g, '<ekmi:GlobalKeyID>$1-0-0<')
      : xml;
  }

  function answerKcp(): string {
    return serializeKeyCachePolicyResponse({
      keyCachePolicies: [...classes].map((keyClass, i) =>
        buildKeyCachePolicy({ keyClass, keyCachePolicyId: { domainId, localId: BigInt(i + 1) } }),
      ),
    });
  }

  function seal(payload: string, version: SoapVersion): string {
    if (sw.unsignedResponse === true) return buildEnvelope({ version, body: payload, bodyId: 'id-body' });
    return signEnvelope({
      payloadXml: payload,
      version,
      certificate: options.server.certificate,
      privateKey: options.server.privateKey,
    });
  }

  async function handle(request: Request): Promise<Response> {
    let version: SoapVersion | null = null;
    try {
      const binding = decideHttpRequest({
        method: request.method,
        contentType: request.headers.get('content-type'),
        soapAction: request.headers.get('soapaction'),
        contentLength: request.headers.has('content-length')
          ? Number(request.headers.get('content-length'))
          : null,
      });
      version = binding.version;
      const bytes = new Uint8Array(await request.arrayBuffer());
      if (bytes.length > DEFAULT_INTAKE_LIMITS.maxBytes)
        throw new SoapBindingError('HTTP_PAYLOAD_TOO_LARGE', 'Sender', 'too large', {
          httpStatus: 413,
          faultVersion: version,
        });
      const envelope = parseEnvelope(parseXml(bytes), { expectedVersion: binding.version });
      const message = checkEnvelopeBinding(binding, envelope);
      checkMustUnderstand(envelope, [{ namespace: WSSE_NS, localName: 'Security' }]);
      let payload = envelope.payload;
      let signer: X509Certificate | undefined;
      if (sw.skipSignatureVerification === true) {
        signer = (() => {
          try {
            return verify(bytes).certificate;
          } catch {
            return undefined;
          }
        })();
      } else {
        const verified = verify(bytes);
        payload = verified.payload;
        signer = verified.certificate;
      }
      if (signer === undefined) signer = options.server.certificate;
      if (deactivated.has(signer.fingerprint256) && sw.ignoreDeactivation !== true)
        throw new SoapError('SRV_CLIENT_DEACTIVATED', 'Sender', 'client deactivated', {
          subcode: WSSE_FAILED_AUTHENTICATION,
        });
      const problems = validateMessageSemantics(payload).filter((f) => f.severity === 'error');
      if (problems.length > 0) throw invalidRequest('the request breaks a semantic rule');
      let body: string;
      try {
        body =
          message === 'KeyCachePolicyRequest'
            ? (parseKeyCachePolicyRequest(payload), answerKcp())
            : answerSymkeyRequest(parseSymkeyRequest(payload), signer);
      } catch (e) {
        if (e instanceof SoapError) throw e;
        throw invalidRequest('the request is not a valid SKSML message');
      }
      return toFetchResponse(buildSksmlResponse(binding.version, seal(body, binding.version)));
    } catch (e) {
      const response = faultResponse(e, version);
      if (sw.stackTraceInFault !== true) return toFetchResponse(response);
      const stack = new Error('request failed').stack ?? '';
      return toFetchResponse({
        ...response,
        body: `${response.body}<!-- ${stack.replace(/--/g, '- -')} -->`,
      });
    }
  }

  return createFetchTarget('fake-sks', handle);
}
