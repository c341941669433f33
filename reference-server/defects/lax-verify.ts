/**
 * TEST-ONLY: a deliberately weakened WS-Security verifier for the defect switches
 * `skipSignatureVerification` and `acceptWrappedBody`. It is built from the same protocol pieces as
 * protocol/wss/verify.ts and differs in exactly the named way:
 *
 * - `no-signature-check`: neither the SignedInfo signature nor the digests are checked;
 * - `references-anywhere`: the signature and digests are checked, but a Reference may resolve to
 *   any element carrying that Id (wherever it is), and what is handed on is the envelope's Body,
 *   signed or not (signature wrapping).
 *
 * Never used unless a test passes the switch through `deps.defects`.
 */
import { createHash, timingSafeEqual, verify as verifySignatureBytes } from 'node:crypto';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import { canonicalizeInContext } from '../../protocol/wss/canonical.ts';
import { indexDocument } from '../../protocol/wss/document-index.ts';
import {
  checkSigningCertificate,
  readTokenCertificate,
  resolveTokenReference,
} from '../../protocol/wss/key-info.ts';
import { readSecurityHeader } from '../../protocol/wss/security-header.ts';
import { readSignature } from '../../protocol/wss/signature-element.ts';
import { readTimestamp } from '../../protocol/wss/timestamp-element.ts';
import {
  checkFreshness,
  DEFAULT_MAX_SKEW_SECONDS,
  MAX_LIFETIME_SECONDS,
} from '../../protocol/wss/timestamp.ts';
import type { VerifiedMessage, VerifyOptions } from '../../protocol/wss/verify.ts';
import { WssError, type WssErrorCode } from '../../protocol/wss/wss-error.ts';
import type { XmlDocument, XmlElement } from '../../protocol/xml/tree.ts';

export type Laxness = 'no-signature-check' | 'references-anywhere';

/** The ancestors of `target` below and including `root`, root first (empty when not found). */
function ancestorsOf(root: XmlElement, target: XmlElement): XmlElement[] {
  const walk = (node: XmlElement, path: XmlElement[]): XmlElement[] | null => {
    if (node === target) return path;
    for (const child of node.children)
      if (child.kind === 'element') {
        const found = walk(child, [...path, node]);
        if (found !== null) return found;
      }
    return null;
  };
  return walk(root, []) ?? [];
}

function failed(code: WssErrorCode, message: string): WssError {
  return new WssError(code, message, { requirement: 'SKSML-WSS-21' });
}

export function verifyLaxly(doc: XmlDocument, options: VerifyOptions, lax: Laxness): VerifiedMessage {
  const now = options.now ?? new Date();
  const envelope = parseEnvelope(doc);
  const index = indexDocument(doc.root);
  const parts = readSecurityHeader(envelope, index);
  const model = readSignature(parts.signature, { allowRsaSha1: options.allowRsaSha1 === true });
  const certificate = readTokenCertificate(resolveTokenReference(model.keyInfo, parts.token, index));
  checkSigningCertificate(certificate, { trustAnchors: options.trustAnchors, at: now });
  if (lax === 'references-anywhere') {
    const header = envelope.header as XmlElement;
    const signedInfo = canonicalizeInContext(
      model.signedInfo,
      [envelope.envelope, header, parts.security, parts.signature],
      model.inclusivePrefixes,
    );
    if (!verifySignatureBytes(model.signatureHash, signedInfo, certificate.publicKey, model.signatureValue))
      throw failed('WSS_BAD_SIGNATURE', 'the signature value does not verify');
    for (const reference of model.references) {
      const entry = index.ids.get(reference.id);
      if (entry === undefined) throw failed('WSS_REFERENCE_NOT_FOUND', 'a reference has no target');
      // The defect: the target is whatever carries the Id, not THE Body or THE Timestamp.
      const target = entry.element;
      const digest = createHash(reference.digestHash)
        .update(canonicalizeInContext(target, ancestorsOf(doc.root, target), reference.inclusivePrefixes))
        .digest();
      if (digest.length !== reference.digestValue.length || !timingSafeEqual(digest, reference.digestValue))
        throw failed('WSS_DIGEST_MISMATCH', 'a digest does not match the signed content');
    }
  }
  const { createdMs, expiresMs } = readTimestamp(parts.timestamp);
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  checkFreshness(createdMs, expiresMs, {
    nowMs: now.getTime(),
    maxSkewSeconds,
    maxLifetimeSeconds: options.maxLifetimeSeconds ?? MAX_LIFETIME_SECONDS,
  });
  if (options.replayCache !== undefined) {
    const key = createHash('sha256').update(model.signatureValue).digest('base64');
    if (options.replayCache.remember(key, expiresMs + maxSkewSeconds * 1000, now.getTime()) !== 'stored')
      throw new WssError('WSS_REPLAY', 'the message was already received', { requirement: 'SKSML-WSS-22' });
  }
  return {
    body: envelope.body,
    payload: envelope.payload,
    timestamp: { created: new Date(createdMs), expires: new Date(expiresMs) },
    certificate,
    signatureValue: model.signatureValue.toString('base64'),
    soapVersion: envelope.version,
  };
}
