/**
 * verifyEnvelope: checks a signed SOAP envelope against the SKSML WS-Security profile and returns
 * ONLY what was verified. The order is fixed: intake, envelope structure, Id uniqueness, header
 * structure, algorithm allowlists, reference targets (by identity), token and certificate chain,
 * SignedInfo signature, digests (constant time), freshness, replay. Any failure throws WssError.
 */
import {
  createHash,
  timingSafeEqual,
  verify as verifySignatureBytes,
  type X509Certificate,
} from 'node:crypto';
import { parseEnvelope, type SoapEnvelope } from '../soap/envelope.ts';
import { parseXml } from '../xml/intake.ts';
import type { XmlDocument, XmlElement } from '../xml/tree.ts';
import { canonicalizeInContext, canonicalTextInContext } from './canonical.ts';
import { indexDocument, isWsuId, type DocumentIndex } from './document-index.ts';
import { checkSigningCertificate, readTokenCertificate, resolveTokenReference } from './key-info.ts';
import { ENVELOPE_NS, WSU_NS, type SoapVersion } from './namespaces.ts';
import type { ReplayCache } from './replay-cache.ts';
import { readSecurityHeader, type SecurityHeaderParts } from './security-header.ts';
import { readSignature, type SignatureModel, type SignedReference } from './signature-element.ts';
import { readTimestamp } from './timestamp-element.ts';
import { checkFreshness, DEFAULT_MAX_SKEW_SECONDS, MAX_LIFETIME_SECONDS } from './timestamp.ts';
import { WssError } from './wss-error.ts';

export interface VerifyOptions {
  /** The CA certificates signers must chain to (configuration, never taken from the message). */
  readonly trustAnchors: readonly X509Certificate[];
  /** Verification time (default: the current time). Used for the Timestamp and the certificate. */
  readonly now?: Date;
  /** Maximum clock difference tolerated, seconds (default 300). */
  readonly maxSkewSeconds?: number;
  /** Maximum Expires - Created, seconds (default 300). */
  readonly maxLifetimeSeconds?: number;
  /** Replay cache; without one, replays are not detected (the caller must say so deliberately). */
  readonly replayCache?: ReplayCache;
  /** Accept RSA-SHA1 SignatureMethod (legacy peers only). Default false. */
  readonly allowRsaSha1?: boolean;
  /** Require the token to be exactly this certificate (a client pinning its server). */
  readonly expectedCertificate?: X509Certificate;
}

export interface VerifiedMessage {
  /** THE envelope's Body element, the exact node whose canonical bytes were digested. */
  readonly body: XmlElement;
  /** The single element child of the verified Body (the SKSML message). */
  readonly payload: XmlElement;
  readonly timestamp: { readonly created: Date; readonly expires: Date };
  /** The signer's certificate, verified against the trust anchors. */
  readonly certificate: X509Certificate;
  /** The SignatureValue, canonical base64. */
  readonly signatureValue: string;
  readonly soapVersion: SoapVersion;
}

function readDocument(input: string | XmlDocument): XmlDocument {
  if (typeof input !== 'string') return input;
  try {
    // SKSML-WSS-26: every byte goes through the hardened intake (no DOCTYPE, no entities).
    return parseXml(input);
  } catch (e) {
    throw new WssError('WSS_XML_REJECTED', 'the message is not acceptable XML', {
      requirement: 'SKSML-WSS-26',
      cause: e,
    });
  }
}

function readEnvelope(doc: XmlDocument): SoapEnvelope {
  try {
    return parseEnvelope(doc);
  } catch (e) {
    throw new WssError('WSS_NOT_AN_ENVELOPE', 'the message is not a valid SOAP envelope', {
      requirement: 'SKSML-WSS-1',
      cause: e,
    });
  }
}

interface ResolvedReference {
  readonly reference: SignedReference;
  readonly target: XmlElement;
  /** The target's ancestors, root first (for namespace context). */
  readonly path: readonly XmlElement[];
}

/**
 * Maps every reference to THE Body or THE Timestamp, by identity (SKSML-WSS-17, -19). The Id
 * index says which element carries the Id; position says which element must be signed.
 */
function resolveReferences(
  model: SignatureModel,
  envelope: SoapEnvelope,
  parts: SecurityHeaderParts,
  index: DocumentIndex,
): ResolvedReference[] {
  const envNs = ENVELOPE_NS[envelope.version];
  const header = envelope.header as XmlElement; // a Security block exists, so the Header does
  const resolved: ResolvedReference[] = [];
  for (const reference of model.references) {
    const entry = index.ids.get(reference.id);
    if (entry === undefined || !isWsuId(entry.attribute))
      throw new WssError(
        'WSS_REFERENCE_NOT_FOUND',
        `no element has wsu:Id ${JSON.stringify(reference.id.slice(0, 64))}`,
        {
          requirement: 'SKSML-WSS-16',
        },
      );
    const target = entry.element;
    let path: XmlElement[];
    // SKSML-WSS-19: the signed Body is THE Body and the signed Timestamp is THE Timestamp.
    if (target === envelope.body) path = [envelope.envelope];
    else if (target === parts.timestamp) path = [envelope.envelope, header, parts.security];
    else if (target.namespaceURI === envNs && target.localName === 'Body')
      throw new WssError('WSS_WRAPPED_BODY', 'the signed Body is not the envelope Body', {
        requirement: 'SKSML-WSS-19',
      });
    else if (target.namespaceURI === WSU_NS && target.localName === 'Timestamp')
      throw new WssError('WSS_WRAPPED_TIMESTAMP', 'the signed Timestamp is not the Security Timestamp', {
        requirement: 'SKSML-WSS-19',
      });
    else
      throw new WssError('WSS_UNEXPECTED_REFERENCE', 'a Reference points at neither Body nor Timestamp', {
        requirement: 'SKSML-WSS-17',
      });
    if (resolved.some((r) => r.target === target))
      throw new WssError('WSS_DUPLICATE_REFERENCE', 'an element is referenced twice', {
        requirement: 'SKSML-WSS-17',
      });
    resolved.push({ reference, target, path });
  }
  // SKSML-WSS-17: exactly the two References, Body and Timestamp.
  if (!resolved.some((r) => r.target === envelope.body))
    throw new WssError('WSS_BODY_NOT_SIGNED', 'the Body is not signed', { requirement: 'SKSML-WSS-17' });
  if (!resolved.some((r) => r.target === parts.timestamp))
    throw new WssError('WSS_TIMESTAMP_NOT_SIGNED', 'the Timestamp is not signed', {
      requirement: 'SKSML-WSS-17',
    });
  return resolved;
}

/** The digest of `target`'s exclusive canonical form, hashed straight from the text. */
function digestInContext(
  hash: SignedReference['digestHash'],
  target: XmlElement,
  path: readonly XmlElement[],
  inclusivePrefixes: readonly string[],
): Buffer {
  return createHash(hash)
    .update(canonicalTextInContext(target, path, inclusivePrefixes), 'utf8')
    .digest();
}

/** Options are configuration: a nonsensical value is a programming error, never a lenient check. */
function checkOptions(options: VerifyOptions, now: Date): void {
  if (Number.isNaN(now.getTime())) throw new RangeError('verifyEnvelope: now is not a valid date');
  for (const [name, value] of [
    ['maxSkewSeconds', options.maxSkewSeconds],
    ['maxLifetimeSeconds', options.maxLifetimeSeconds],
  ] as const)
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RangeError(`verifyEnvelope: ${name} must be a non-negative number`);
}

export function verifyEnvelope(input: string | XmlDocument, options: VerifyOptions): VerifiedMessage {
  const now = options.now ?? new Date();
  checkOptions(options, now);
  const doc = readDocument(input);
  const envelope = readEnvelope(doc);
  const index = indexDocument(doc.root); // SKSML-WSS-18 (throws on a duplicate Id)
  const parts = readSecurityHeader(envelope, index);
  const model = readSignature(parts.signature, { allowRsaSha1: options.allowRsaSha1 === true });
  const references = resolveReferences(model, envelope, parts, index);
  const token = resolveTokenReference(model.keyInfo, parts.token, index);
  const certificate = readTokenCertificate(token);
  checkSigningCertificate(certificate, {
    trustAnchors: options.trustAnchors,
    at: now,
    ...(options.expectedCertificate === undefined
      ? {}
      : { expectedCertificate: options.expectedCertificate }),
  });

  // SKSML-WSS-21: the SignedInfo signature first ...
  const header = envelope.header as XmlElement;
  const signedInfoBytes = canonicalizeInContext(
    model.signedInfo,
    [envelope.envelope, header, parts.security, parts.signature],
    model.inclusivePrefixes,
  );
  if (
    !verifySignatureBytes(model.signatureHash, signedInfoBytes, certificate.publicKey, model.signatureValue)
  )
    throw new WssError('WSS_BAD_SIGNATURE', 'the signature value does not verify', {
      requirement: 'SKSML-WSS-21',
    });
  // ... then each digest, compared in constant time.
  for (const { reference, target, path } of references) {
    const digest = digestInContext(reference.digestHash, target, path, reference.inclusivePrefixes);
    if (digest.length !== reference.digestValue.length || !timingSafeEqual(digest, reference.digestValue))
      throw new WssError('WSS_DIGEST_MISMATCH', 'a digest does not match the signed content', {
        requirement: 'SKSML-WSS-21',
      });
  }

  // Freshness is judged on authenticated values only.
  const { createdMs, expiresMs } = readTimestamp(parts.timestamp);
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  checkFreshness(createdMs, expiresMs, {
    nowMs: now.getTime(),
    maxSkewSeconds,
    maxLifetimeSeconds: options.maxLifetimeSeconds ?? MAX_LIFETIME_SECONDS,
  });

  if (options.replayCache !== undefined) {
    // SKSML-WSS-22: keyed on the decoded SignatureValue, kept while the message could still pass.
    // 128 bits of the digest, as a 16-character one-byte string: compact (replay-cache.ts), and a
    // collision between two different signatures stays out of reach (2^64 work by birthday).
    const key = createHash('sha256').update(model.signatureValue).digest().toString('latin1', 0, 16);
    const verdict = options.replayCache.remember(key, expiresMs + maxSkewSeconds * 1000, now.getTime());
    if (verdict === 'replay')
      throw new WssError('WSS_REPLAY', 'the message was already received', { requirement: 'SKSML-WSS-22' });
    if (verdict === 'full')
      throw new WssError('WSS_REPLAY_CACHE_FULL', 'the replay cache is full', {
        requirement: 'SKSML-WSS-22',
      });
  }

  // SKSML-WSS-27: only verified nodes and values are handed to the application.
  return {
    body: envelope.body,
    payload: envelope.payload,
    timestamp: { created: new Date(createdMs), expires: new Date(expiresMs) },
    certificate,
    signatureValue: model.signatureValue.toString('base64'),
    soapVersion: envelope.version,
  };
}
