/**
 * The signer's certificate: ONLY the X.509v3 BinarySecurityToken of THE Security header that
 * ds:KeyInfo references through wsse:SecurityTokenReference/wsse:Reference (SKSML-WSS-5, -6).
 * Certificates or keys written into KeyInfo itself are refused (CVE-2024-32962), and the token must
 * chain to the configured trust anchors (SKSML-WSS-7).
 */
import type { X509Certificate } from 'node:crypto';
import { CertificateError, type CertificateErrorCode } from '../pki/certificate-error.ts';
import { parseCertificateCached, verifyCertificateChainCached } from '../pki/verification-cache.ts';
import { isNcName } from '../soap/qname.ts';
import { findAttribute, type XmlElement } from '../xml/tree.ts';
import { readBase64Text } from './base64-text.ts';
import { isWsuId, type DocumentIndex } from './document-index.ts';
import { BASE64_ENCODING_TYPE, WSSE_NS, X509V3_VALUE_TYPE } from './namespaces.ts';
import { WssError, type WssErrorCode } from './wss-error.ts';

/** Minimum RSA modulus of a signing certificate. */
export const MIN_RSA_BITS = 2048;

function unsupportedReference(message: string): WssError {
  return new WssError('WSS_UNSUPPORTED_TOKEN_REFERENCE', message, { requirement: 'SKSML-WSS-6' });
}

function elementChildren(element: XmlElement): XmlElement[] {
  return element.children.filter((n): n is XmlElement => n.kind === 'element');
}

/** Follows KeyInfo -> STR -> Reference to THE token element; returns it. */
export function resolveTokenReference(
  keyInfo: XmlElement,
  token: XmlElement | null,
  index: DocumentIndex,
): XmlElement {
  const children = elementChildren(keyInfo);
  // SKSML-WSS-6: KeyInfo holds one SecurityTokenReference and nothing else (no X509Data, KeyValue ...).
  const foreign = children.find(
    (c) => c.namespaceURI !== WSSE_NS || c.localName !== 'SecurityTokenReference',
  );
  if (foreign !== undefined)
    throw new WssError('WSS_FORBIDDEN_KEY_INFO', `ds:KeyInfo must not carry ${foreign.name}`, {
      requirement: 'SKSML-WSS-6',
    });
  if (children.length !== 1)
    throw unsupportedReference('ds:KeyInfo must hold exactly one SecurityTokenReference');
  const references = elementChildren(children[0] as XmlElement);
  const reference = references[0];
  if (references.length !== 1 || reference?.namespaceURI !== WSSE_NS || reference.localName !== 'Reference')
    throw unsupportedReference('the SecurityTokenReference must hold exactly one wsse:Reference');
  const uri = findAttribute(reference, null, 'URI')?.value;
  if (uri === undefined || !uri.startsWith('#') || !isNcName(uri.slice(1)))
    throw unsupportedReference('the token reference must be a bare-name #id');
  if (findAttribute(reference, null, 'ValueType')?.value !== X509V3_VALUE_TYPE)
    throw unsupportedReference('the token reference must have the X509v3 ValueType');
  const entry = index.ids.get(uri.slice(1));
  // SKSML-WSS-6: the reference resolves (by wsu:Id) to THE token of THE Security header.
  if (entry === undefined || !isWsuId(entry.attribute) || token === null || entry.element !== token)
    throw new WssError(
      'WSS_TOKEN_UNAVAILABLE',
      'the referenced security token is not in the Security header',
      {
        requirement: 'SKSML-WSS-6',
      },
    );
  return token;
}

/** Most token texts remembered by readTokenCertificate. */
export const TOKEN_MEMO_ENTRIES = 256;

/**
 * Token text -> the certificate decoded from it. Every message of a client carries the same token,
 * and decoding it (canonical-base64 check, decode, hash of the DER for the parse cache) is pure:
 * the same characters decode to the same DER bytes, hence to an equal certificate. So a text that
 * decoded successfully before is answered with that certificate. Only successes are remembered
 * (a malformed token always takes the full path and its error), only texts made of plain text
 * nodes are keys (anything else takes the full path, which refuses it), and the chain, validity
 * and key checks run on every message as before. Certificates are public: the memo holds no secret.
 */
const tokenCertificates = new Map<string, X509Certificate>();

/** The concatenated text of `element` when it holds only plain (non-CDATA) text nodes, else null. */
function plainTextContent(element: XmlElement): string | null {
  let text = '';
  for (const child of element.children) {
    if (child.kind !== 'text' || child.cdata) return null;
    text += child.value;
  }
  return text;
}

/** Decodes the BinarySecurityToken into one X.509 certificate. */
export function readTokenCertificate(token: XmlElement): X509Certificate {
  // SKSML-WSS-5: X.509v3 token, base64 encoded.
  if (findAttribute(token, null, 'ValueType')?.value !== X509V3_VALUE_TYPE)
    throw new WssError('WSS_UNSUPPORTED_TOKEN', 'the BinarySecurityToken is not an X509v3 token', {
      requirement: 'SKSML-WSS-5',
    });
  if (findAttribute(token, null, 'EncodingType')?.value !== BASE64_ENCODING_TYPE)
    throw new WssError('WSS_UNSUPPORTED_TOKEN', 'the BinarySecurityToken is not Base64Binary encoded', {
      requirement: 'SKSML-WSS-5',
    });
  const text = plainTextContent(token);
  const known = text === null ? undefined : tokenCertificates.get(text);
  if (known !== undefined) return known;
  let certificate: X509Certificate;
  try {
    // SKSML-WSS-20: plain canonical base64 only (readBase64Text refuses anything else).
    certificate = parseCertificateCached(readBase64Text(token, 'BinarySecurityToken'));
  } catch (e) {
    throw new WssError('WSS_MALFORMED_TOKEN', 'the BinarySecurityToken is not one X.509 certificate', {
      requirement: 'SKSML-WSS-5',
      cause: e,
    });
  }
  if (text !== null) {
    if (tokenCertificates.size >= TOKEN_MEMO_ENTRIES)
      tokenCertificates.delete(tokenCertificates.keys().next().value as string);
    tokenCertificates.set(text, certificate);
  }
  return certificate;
}

const CERTIFICATE_CODES: Record<CertificateErrorCode, WssErrorCode> = {
  CERT_UNTRUSTED: 'WSS_UNTRUSTED_CERTIFICATE',
  CERT_EXPIRED: 'WSS_CERTIFICATE_EXPIRED',
  CERT_NOT_YET_VALID: 'WSS_CERTIFICATE_NOT_YET_VALID',
  CERT_KEY_USAGE: 'WSS_CERTIFICATE_KEY_USAGE',
  CERT_KEY_TYPE: 'WSS_CERTIFICATE_KEY_TYPE',
  CERT_WEAK_KEY: 'WSS_WEAK_KEY',
  CERT_MALFORMED: 'WSS_MALFORMED_TOKEN',
};

export interface CertificatePolicy {
  readonly trustAnchors: readonly X509Certificate[];
  readonly at: Date;
  /** When set, the token must be exactly this certificate (pinning), in addition to chaining. */
  readonly expectedCertificate?: X509Certificate;
}

/** Throws the matching WssError unless `certificate` may sign messages under `policy`. */
export function checkSigningCertificate(certificate: X509Certificate, policy: CertificatePolicy): void {
  if (policy.expectedCertificate !== undefined && !policy.expectedCertificate.raw.equals(certificate.raw))
    throw new WssError(
      'WSS_UNEXPECTED_CERTIFICATE',
      'the message is not signed with the expected certificate',
      {
        requirement: 'SKSML-WSS-23',
      },
    );
  try {
    // SKSML-WSS-7: chain to the anchors, valid now, digitalSignature, RSA >= 2048 bits.
    verifyCertificateChainCached(certificate, {
      trustAnchors: policy.trustAnchors,
      at: policy.at,
      usage: 'signature',
      minRsaBits: MIN_RSA_BITS,
    });
  } catch (e) {
    if (e instanceof CertificateError)
      throw new WssError(CERTIFICATE_CODES[e.code] ?? 'WSS_UNTRUSTED_CERTIFICATE', e.message, {
        requirement: 'SKSML-WSS-7',
        cause: e,
      });
    throw new WssError('WSS_UNTRUSTED_CERTIFICATE', 'the certificate could not be verified', {
      requirement: 'SKSML-WSS-7',
      cause: e,
    });
  }
  // Defence in depth: the chain check already demands RSA.
  if (certificate.publicKey.asymmetricKeyType !== 'rsa')
    throw new WssError('WSS_CERTIFICATE_KEY_TYPE', 'the signing key is not RSA', {
      requirement: 'SKSML-WSS-7',
    });
}
