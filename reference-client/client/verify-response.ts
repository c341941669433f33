/**
 * Turns one HTTP answer into a verified SKSML payload, or a ClientError. Order: media type, XML
 * intake, SOAP envelope, fault (reported, never trusted), HTTP status, WS-Security verification
 * against the configured trust anchors (SKSML-CLT-121), the server role of the signer
 * (SKSML-CLT-122), freshness relative to the request (SKSML-CLT-123). Only the verified payload is
 * handed on (SKSML-WSS-27).
 */
import type { X509Certificate } from 'node:crypto';
import { verifyCertificateChain } from '../../protocol/pki/chain.ts';
import { parseContentType } from '../../protocol/soap/content-type.ts';
import { isFaultEnvelope, parseEnvelope, type SoapEnvelope } from '../../protocol/soap/envelope.ts';
import { SOAP11_MEDIA_TYPE, SOAP12_MEDIA_TYPE } from '../../protocol/soap/http-binding.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { parseFault } from '../../protocol/soap/parse-fault.ts';
import type { ReplayCache } from '../../protocol/wss/replay-cache.ts';
import { verifyEnvelope } from '../../protocol/wss/verify.ts';
import { WssError, type WssErrorCode } from '../../protocol/wss/wss-error.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import type { XmlDocument, XmlElement } from '../../protocol/xml/tree.ts';
import { ClientError, type ClientErrorCode, type ReceivedFault } from '../errors/client-error.ts';
import type { HttpAnswer } from '../transport/exchange.ts';
import type { ResolvedEndpoint } from '../transport/server-endpoint.ts';

export interface VerificationContext {
  readonly server: ResolvedEndpoint;
  readonly version: SoapVersion;
  readonly trustAnchors: readonly X509Certificate[];
  readonly now: Date;
  /** When the request was signed; an answer created well before it cannot answer it. */
  readonly sentAt: Date;
  readonly maxSkewSeconds: number;
  readonly replayCache: ReplayCache;
}

export interface VerifiedAnswer {
  readonly payload: XmlElement;
  readonly certificate: X509Certificate;
  readonly created: Date;
}

const UNSIGNED: ReadonlySet<WssErrorCode> = new Set(['WSS_MISSING_SECURITY', 'WSS_MISSING_SIGNATURE']);
const UNTRUSTED: ReadonlySet<WssErrorCode> = new Set([
  'WSS_UNTRUSTED_CERTIFICATE',
  'WSS_CERTIFICATE_EXPIRED',
  'WSS_CERTIFICATE_NOT_YET_VALID',
  'WSS_CERTIFICATE_KEY_USAGE',
  'WSS_UNEXPECTED_CERTIFICATE',
  'WSS_CERTIFICATE_KEY_TYPE',
  'WSS_WEAK_KEY',
]);
const STALE: ReadonlySet<WssErrorCode> = new Set(['WSS_EXPIRED', 'WSS_CREATED_IN_FUTURE']);
const REPLAYED: ReadonlySet<WssErrorCode> = new Set(['WSS_REPLAY', 'WSS_REPLAY_CACHE_FULL']);

/** The client code of a WS-Security refusal of a response. */
export function clientCodeOfWssError(code: WssErrorCode): ClientErrorCode {
  if (UNSIGNED.has(code)) return 'CLIENT_RESPONSE_UNSIGNED';
  if (UNTRUSTED.has(code)) return 'CLIENT_RESPONSE_UNTRUSTED';
  if (STALE.has(code)) return 'CLIENT_RESPONSE_STALE';
  if (REPLAYED.has(code)) return 'CLIENT_RESPONSE_REPLAYED';
  return 'CLIENT_RESPONSE_SIGNATURE';
}

function mediaTypeOf(version: SoapVersion): string {
  return version === '1.2' ? SOAP12_MEDIA_TYPE : SOAP11_MEDIA_TYPE;
}

/** Unauthenticated junk: a channel failure (retryable), TRANSPORT when the server said 5xx. */
function junk(answer: HttpAnswer, server: string, what: string, cause?: unknown): ClientError {
  const code = answer.status >= 500 ? 'CLIENT_TRANSPORT' : 'CLIENT_RESPONSE_MALFORMED';
  return new ClientError(code, `${server} answered HTTP ${answer.status} with ${what}`, {
    server,
    cause,
    requirement: 'SKSML-CLT-126',
  });
}

function qnameText(q: { namespace: string; localName: string }): string {
  return `{${q.namespace}}${q.localName}`;
}

function faultError(
  envelope: SoapEnvelope,
  doc: XmlDocument,
  answer: HttpAnswer,
  ctx: VerificationContext,
): ClientError {
  const server = ctx.server.name;
  let parsed;
  try {
    parsed = parseFault(envelope);
  } catch (e) {
    return junk(answer, server, 'a malformed SOAP fault', e);
  }
  let signed = false;
  try {
    verifyEnvelope(doc, { trustAnchors: ctx.trustAnchors, now: ctx.now, maxSkewSeconds: ctx.maxSkewSeconds });
    signed = true;
  } catch {
    // SKSML-CLT-128: an unsigned fault is reported (signed: false), never acted upon.
  }
  const fault: ReceivedFault = {
    code: parsed.code,
    subcodes: parsed.subcodes.map(qnameText),
    reason: parsed.reason.slice(0, 256),
    signed,
    httpStatus: answer.status,
  };
  return new ClientError('CLIENT_SERVER_FAULT', `${server} answered with a SOAP ${parsed.code} fault`, {
    server,
    fault,
    retryable: false,
    requirement: 'SKSML-CLT-128',
  });
}

/** Checks that the signer is an SKS server certificate (serverAuth when it names purposes). */
function checkServerRole(certificate: X509Certificate, ctx: VerificationContext): void {
  try {
    // SKSML-CLT-122
    verifyCertificateChain(certificate, {
      trustAnchors: ctx.trustAnchors,
      at: ctx.now,
      usage: 'signature',
      extendedKeyUsage: 'serverAuth',
    });
  } catch (e) {
    throw new ClientError(
      'CLIENT_RESPONSE_UNTRUSTED',
      `the response of ${ctx.server.name} is not signed by a server certificate`,
      {
        server: ctx.server.name,
        cause: e,
        retryable: false,
        requirement: 'SKSML-CLT-122',
      },
    );
  }
}

export function verifyAnswer(answer: HttpAnswer, ctx: VerificationContext): VerifiedAnswer {
  const server = ctx.server.name;
  const media = answer.contentType === null ? null : parseContentType(answer.contentType);
  if (media === null || media.essence !== mediaTypeOf(ctx.version))
    throw junk(answer, server, `content type ${JSON.stringify((answer.contentType ?? 'none').slice(0, 80))}`);
  let doc: XmlDocument;
  let envelope: SoapEnvelope;
  try {
    doc = parseXml(answer.body); // SKSML-WSS-26
    envelope = parseEnvelope(doc, { expectedVersion: ctx.version });
  } catch (e) {
    throw junk(answer, server, 'a body that is not a SOAP envelope', e);
  }
  if (isFaultEnvelope(envelope)) throw faultError(envelope, doc, answer, ctx);
  if (answer.status !== 200) throw junk(answer, server, 'an envelope that is not a fault');

  let verified;
  try {
    // SKSML-CLT-121, SKSML-WSS-23
    verified = verifyEnvelope(doc, {
      trustAnchors: ctx.trustAnchors,
      now: ctx.now,
      maxSkewSeconds: ctx.maxSkewSeconds,
      replayCache: ctx.replayCache, // SKSML-CLT-133
      ...(ctx.server.expectedCertificate === undefined
        ? {}
        : { expectedCertificate: ctx.server.expectedCertificate }),
    });
  } catch (e) {
    if (!(e instanceof WssError)) throw e;
    throw new ClientError(
      clientCodeOfWssError(e.code),
      `the response of ${server} failed verification (${e.code})`,
      {
        server,
        detail: e.code,
        cause: e,
        retryable: false,
        requirement: 'SKSML-CLT-121',
      },
    );
  }
  checkServerRole(verified.certificate, ctx);
  // SKSML-CLT-123: a response created before the request (beyond the skew) does not answer it.
  if (verified.timestamp.created.getTime() < ctx.sentAt.getTime() - ctx.maxSkewSeconds * 1000)
    throw new ClientError('CLIENT_RESPONSE_STALE', `the response of ${server} predates the request`, {
      server,
      retryable: false,
      requirement: 'SKSML-CLT-123',
    });
  return {
    payload: verified.payload,
    certificate: verified.certificate,
    created: verified.timestamp.created,
  };
}
