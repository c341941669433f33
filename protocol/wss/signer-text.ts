/**
 * The text of what the signer itself generates, written directly instead of building a tree and
 * running the canonicalizer or the writer over it: the exc-c14n form of wsu:Timestamp and
 * ds:SignedInfo (the bytes that are digested and signed) and the serialized wsse:Security header
 * of an envelope the signer built itself.
 *
 * Why this is exactly what the tree path produced (sign.test.ts checks it byte for byte against
 * canonicalize/writeXml on the tree form, and the envelope against the previous signer):
 *  - exclusive c14n of these subtrees depends only on the subtree (no InclusiveNamespaces list
 *    applies to them): each prefix is declared on the outermost element that uses it (wsu on
 *    Timestamp, ds on SignedInfo, ec on InclusiveNamespaces), declarations come before
 *    attributes, every element has at most one attribute (so no ordering question arises), and
 *    empty elements are written as start-end pairs;
 *  - the serialized header is what writeXml writes for the tree inside an envelope whose only
 *    binding is the envelope prefix: declarations where the tree had them, attributes in the
 *    tree's order, empty elements self-closed;
 *  - every variable value goes through the one escaping of escape.ts, as in c14n and the writer.
 */
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { EXC_C14N, SHA256, type SignatureAlgorithm } from './algorithms.ts';
import { BASE64_ENCODING_TYPE, DS_NS, EC_NS, WSSE_NS, WSU_NS, X509V3_VALUE_TYPE } from './namespaces.ts';

export interface ReferenceText {
  /** The wsu:Id the reference points at (without '#'). */
  readonly id: string;
  /** base64 SHA-256 digest of the referenced element's canonical form. */
  readonly digest: string;
  /** InclusiveNamespaces PrefixList entries (none: no InclusiveNamespaces element). */
  readonly prefixes: readonly string[];
}

export interface SignedInfoText {
  readonly algorithm: SignatureAlgorithm;
  readonly references: readonly ReferenceText[];
}

/** `<tag attrs></tag>` in canonical form, `<tag attrs/>` when serialized. */
function empty(canonical: boolean, open: string, name: string): string {
  return canonical ? open + '></' + name + '>' : open + '/>';
}

function referenceText(r: ReferenceText, canonical: boolean): string {
  const transformOpen = '<ds:Transform Algorithm="' + EXC_C14N + '"';
  const transform =
    r.prefixes.length === 0
      ? empty(canonical, transformOpen, 'ds:Transform')
      : transformOpen +
        '>' +
        empty(
          canonical,
          '<ec:InclusiveNamespaces xmlns:ec="' +
            EC_NS +
            '" PrefixList="' +
            escapeAttribute(r.prefixes.join(' ')) +
            '"',
          'ec:InclusiveNamespaces',
        ) +
        '</ds:Transform>';
  return (
    '<ds:Reference URI="' +
    escapeAttribute('#' + r.id) +
    '"><ds:Transforms>' +
    transform +
    '</ds:Transforms>' +
    empty(canonical, '<ds:DigestMethod Algorithm="' + SHA256 + '"', 'ds:DigestMethod') +
    '<ds:DigestValue>' +
    escapeText(r.digest) +
    '</ds:DigestValue></ds:Reference>'
  );
}

/**
 * ds:SignedInfo: canonical (the bytes signed; declares ds itself) or as serialized inside a
 * ds:Signature that declares ds.
 */
export function signedInfoText(info: SignedInfoText, canonical: boolean): string {
  let s =
    (canonical ? '<ds:SignedInfo xmlns:ds="' + DS_NS + '">' : '<ds:SignedInfo>') +
    empty(canonical, '<ds:CanonicalizationMethod Algorithm="' + EXC_C14N + '"', 'ds:CanonicalizationMethod') +
    empty(canonical, '<ds:SignatureMethod Algorithm="' + info.algorithm + '"', 'ds:SignatureMethod');
  for (const r of info.references) s += referenceText(r, canonical);
  return s + '</ds:SignedInfo>';
}

export interface TimestampText {
  readonly id: string;
  readonly created: string;
  readonly expires: string;
}

/** wsu:Timestamp: canonical (declares wsu itself) or as serialized inside a Security that declares wsu. */
export function timestampText(t: TimestampText, canonical: boolean): string {
  return (
    (canonical ? '<wsu:Timestamp xmlns:wsu="' + WSU_NS + '" wsu:Id="' : '<wsu:Timestamp wsu:Id="') +
    escapeAttribute(t.id) +
    '"><wsu:Created>' +
    escapeText(t.created) +
    '</wsu:Created><wsu:Expires>' +
    escapeText(t.expires) +
    '</wsu:Expires></wsu:Timestamp>'
  );
}

export interface SecurityHeaderText {
  /** The envelope's prefix (bound to its SOAP namespace by the envelope element). */
  readonly envelopePrefix: string;
  /** `true` (SOAP 1.2) or `1` (SOAP 1.1). */
  readonly mustUnderstand: string;
  readonly timestamp: TimestampText;
  readonly tokenId: string;
  readonly certificateBase64: string;
  readonly signedInfo: SignedInfoText;
  readonly signatureValue: string;
}

/** The serialized wsse:Security element of an envelope whose only namespace binding is its own prefix. */
export function securityHeaderText(h: SecurityHeaderText): string {
  return (
    '<wsse:Security xmlns:wsse="' +
    WSSE_NS +
    '" xmlns:wsu="' +
    WSU_NS +
    '" ' +
    h.envelopePrefix +
    ':mustUnderstand="' +
    h.mustUnderstand +
    '">' +
    timestampText(h.timestamp, false) +
    '<wsse:BinarySecurityToken EncodingType="' +
    BASE64_ENCODING_TYPE +
    '" ValueType="' +
    X509V3_VALUE_TYPE +
    '" wsu:Id="' +
    escapeAttribute(h.tokenId) +
    '">' +
    escapeText(h.certificateBase64) +
    '</wsse:BinarySecurityToken><ds:Signature xmlns:ds="' +
    DS_NS +
    '">' +
    signedInfoText(h.signedInfo, false) +
    '<ds:SignatureValue>' +
    escapeText(h.signatureValue) +
    '</ds:SignatureValue><ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI="' +
    escapeAttribute('#' + h.tokenId) +
    '" ValueType="' +
    X509V3_VALUE_TYPE +
    '"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature></wsse:Security>'
  );
}
