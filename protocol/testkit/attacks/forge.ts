/**
 * A deliberately naive WS-Security signer for attack fixtures. It writes an envelope from a
 * template whose every part can be overridden, then fills each `@@DIGEST@@` placeholder with the
 * digest of the element a NAIVE verifier would pick (the first element, in document order, with
 * ANY Id-like attribute of that value), and `@@SIGNATURE@@` with a signature over the first
 * SignedInfo. So a fixture is cryptographically valid for a naive verifier, and only the
 * profile's structural defences can refuse it.
 */
import { createHash, createHmac, sign, type KeyObject, type X509Certificate } from 'node:crypto';
import { EXC_C14N, RSA_SHA256, SHA1, SHA256 } from '../../wss/algorithms.ts';
import {
  BASE64_ENCODING_TYPE,
  DS_NS,
  ENVELOPE_NS,
  WSSE_NS,
  WSU_NS,
  X509V3_VALUE_TYPE,
  type SoapVersion,
} from '../../wss/namespaces.ts';
import { formatUtcDateTime } from '../../wss/timestamp.ts';
import { canonicalize } from '../../xml/c14n.ts';
import { escapeAttribute } from '../../xml/escape.ts';
import { parseXml } from '../../xml/intake.ts';
import type { XmlElement } from '../../xml/tree.ts';

export const DIGEST = '@@DIGEST@@';
export const SIGNATURE = '@@SIGNATURE@@';
export const SKSML_PAYLOAD =
  '<ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>';

export interface ReferenceSpec {
  readonly uri: string;
  /** Transform algorithms (default: exc-c14n only). */
  readonly transforms?: readonly string[];
  readonly digestMethod?: string;
}

export interface TemplateOptions {
  readonly version?: SoapVersion;
  readonly payload?: string;
  /** Attributes written on the Body (default `wsu:Id="id-body"`). */
  readonly bodyAttributes?: string;
  /** Attributes written on wsse:Security (default the version's mustUnderstand). */
  readonly securityAttributes?: string;
  /** Created/Expires (default now .. now + 300 s); null leaves the Timestamp out. */
  readonly timestamp?: { readonly created: Date; readonly expires: Date } | null;
  /** The token's certificate; null leaves the BinarySecurityToken out. */
  readonly certificate: X509Certificate | null;
  readonly tokenValueType?: string;
  readonly tokenEncodingType?: string;
  readonly canonicalizationMethod?: string;
  readonly signatureMethod?: string;
  /** Default: #id-body and #id-ts. */
  readonly references?: readonly ReferenceSpec[];
  /** Inner XML of ds:KeyInfo (default: the STR to #id-x509). */
  readonly keyInfo?: string;
  /** Raw XML placed in the Header before/after the Security block. */
  readonly headerBefore?: string;
  readonly headerAfter?: string;
  /** Raw XML appended inside wsse:Security after the Signature. */
  readonly securityExtra?: string;
  readonly now: Date;
}

export function defaultReferences(): ReferenceSpec[] {
  return [{ uri: '#id-body' }, { uri: '#id-ts' }];
}

export const STR_KEY_INFO = `<wsse:SecurityTokenReference><wsse:Reference URI="#id-x509" ValueType="${X509V3_VALUE_TYPE}"/></wsse:SecurityTokenReference>`;

function referenceXml(spec: ReferenceSpec): string {
  const transforms = (spec.transforms ?? [EXC_C14N])
    .map((t) => `<ds:Transform Algorithm="${escapeAttribute(t)}"/>`)
    .join('');
  return (
    `<ds:Reference URI="${escapeAttribute(spec.uri)}"><ds:Transforms>${transforms}</ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${escapeAttribute(spec.digestMethod ?? SHA256)}"/>` +
    `<ds:DigestValue>${DIGEST}</ds:DigestValue></ds:Reference>`
  );
}

export function timestampXml(created: Date, expires: Date, id = 'id-ts'): string {
  return (
    `<wsu:Timestamp wsu:Id="${id}"><wsu:Created>${formatUtcDateTime(created.getTime())}</wsu:Created>` +
    `<wsu:Expires>${formatUtcDateTime(expires.getTime())}</wsu:Expires></wsu:Timestamp>`
  );
}

export function signedInfoXml(options: {
  canonicalizationMethod?: string;
  signatureMethod?: string;
  references?: readonly ReferenceSpec[];
}): string {
  return (
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${escapeAttribute(options.canonicalizationMethod ?? EXC_C14N)}"/>` +
    `<ds:SignatureMethod Algorithm="${escapeAttribute(options.signatureMethod ?? RSA_SHA256)}"/>` +
    (options.references ?? defaultReferences()).map(referenceXml).join('') +
    `</ds:SignedInfo>`
  );
}

/** The envelope text with DIGEST/SIGNATURE placeholders. */
export function envelopeTemplate(o: TemplateOptions): string {
  const version = o.version ?? '1.2';
  const p = version === '1.2' ? 'env' : 'soap';
  const mustUnderstand = `${p}:mustUnderstand="${version === '1.2' ? 'true' : '1'}"`;
  const ts =
    o.timestamp === null
      ? ''
      : timestampXml(
          o.timestamp?.created ?? o.now,
          o.timestamp?.expires ?? new Date(o.now.getTime() + 300_000),
        );
  const token =
    o.certificate === null
      ? ''
      : `<wsse:BinarySecurityToken EncodingType="${escapeAttribute(o.tokenEncodingType ?? BASE64_ENCODING_TYPE)}" ` +
        `ValueType="${escapeAttribute(o.tokenValueType ?? X509V3_VALUE_TYPE)}" wsu:Id="id-x509">` +
        `${o.certificate.raw.toString('base64')}</wsse:BinarySecurityToken>`;
  const signature =
    `<ds:Signature>${signedInfoXml(o)}<ds:SignatureValue>${SIGNATURE}</ds:SignatureValue>` +
    `<ds:KeyInfo>${o.keyInfo ?? STR_KEY_INFO}</ds:KeyInfo></ds:Signature>`;
  return (
    `<${p}:Envelope xmlns:${p}="${ENVELOPE_NS[version]}" xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}" xmlns:ds="${DS_NS}">` +
    `<${p}:Header>${o.headerBefore ?? ''}<wsse:Security ${o.securityAttributes ?? mustUnderstand}>` +
    `${ts}${token}${signature}${o.securityExtra ?? ''}</wsse:Security>${o.headerAfter ?? ''}</${p}:Header>` +
    `<${p}:Body ${o.bodyAttributes ?? 'wsu:Id="id-body"'}>${o.payload ?? SKSML_PAYLOAD}</${p}:Body></${p}:Envelope>`
  );
}

export type ForgeKey =
  | { readonly kind: 'private'; readonly key: KeyObject; readonly hash?: 'sha256' | 'sha1' }
  | { readonly kind: 'hmac'; readonly secret: Uint8Array };

function elementsInOrder(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    out.push(e);
    for (const c of e.children) if (c.kind === 'element') visit(c);
  };
  visit(root);
  return out;
}

/** What a naive verifier resolves `uri` to: the first element with any Id-like attribute equal to it. */
function naiveTarget(all: readonly XmlElement[], uri: string): XmlElement | undefined {
  if (!uri.startsWith('#')) return all[0];
  const id = uri.slice(1);
  return all.find((e) => e.attributes.some((a) => a.localName.toLowerCase() === 'id' && a.value === id));
}

/** Fills the DIGEST placeholders (references in document order) and the SIGNATURE placeholder. */
export function forge(template: string, key: ForgeKey): string {
  let xml = template;
  const all = elementsInOrder(parseXml(xml).root);
  const references = all.filter((e) => e.namespaceURI === DS_NS && e.localName === 'Reference');
  for (const reference of references) {
    const digestValue = reference.children.find(
      (c): c is XmlElement => c.kind === 'element' && c.localName === 'DigestValue',
    );
    if (
      digestValue === undefined ||
      !digestValue.children.some((c) => c.kind === 'text' && c.value === DIGEST)
    )
      continue;
    const uri = reference.attributes.find((a) => a.localName === 'URI')?.value ?? '';
    const method = reference.children
      .find((c): c is XmlElement => c.kind === 'element' && c.localName === 'DigestMethod')
      ?.attributes.find((a) => a.localName === 'Algorithm')?.value;
    const target = naiveTarget(all, uri);
    const canonical = target === undefined ? '' : canonicalize(target);
    const digest = createHash(method === SHA1 ? 'sha1' : 'sha256')
      .update(canonical)
      .digest('base64');
    xml = xml.replace(DIGEST, digest);
  }
  if (!xml.includes(SIGNATURE)) return xml;
  const signedInfo = elementsInOrder(parseXml(xml).root).find(
    (e) => e.namespaceURI === DS_NS && e.localName === 'SignedInfo',
  );
  if (signedInfo === undefined) throw new Error('forge: no SignedInfo');
  const data = Buffer.from(canonicalize(signedInfo), 'utf8');
  const value =
    key.kind === 'hmac'
      ? createHmac('sha1', key.secret).update(data).digest()
      : sign(key.hash ?? 'sha256', data, key.key);
  return xml.replace(SIGNATURE, value.toString('base64'));
}
