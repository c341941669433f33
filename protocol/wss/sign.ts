/**
 * The signer: wraps a bare SKSML message in a SOAP envelope (or takes an existing envelope) and
 * adds exactly the profile's wsse:Security header: Timestamp, X.509v3 BinarySecurityToken and one
 * ds:Signature over Body and Timestamp (SKSML-WSS-28). The Body reference names, in an
 * InclusiveNamespaces PrefixList, the prefixes whose bindings exclusive c14n would otherwise leave
 * unsigned (SKSML-WSS-30, inclusive-prefixes.ts). Digests are computed on the very tree that is
 * then serialized, so no re-parse is needed.
 *
 * The message may come as text (`payloadXml`, `envelopeXml`) or, on the server's hot path, as the
 * writer tree it was built as (`payload`): then, when payload-canonical.ts can state its canonical
 * form exactly (ordinary payloads), the text and the Body's canonical form are written in one pass
 * with no tree at all; otherwise it is turned into the tree the text would parse to
 * (buildXmlTree) instead of being written and parsed. What the signer generates itself
 * (Timestamp, SignedInfo, and the whole Security header of an envelope it built) is written as
 * text directly (signer-text.ts); only the Body goes through the canonicalizer and the writer.
 */
import {
  createHash,
  createPrivateKey,
  randomUUID,
  sign as signBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { parseEnvelope } from '../soap/envelope.ts';
import { escapeAttribute } from '../xml/escape.ts';
import { parseXml } from '../xml/intake.ts';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNamespaceDeclaration, XmlNode } from '../xml/tree.ts';
import {
  buildXmlTreeWithText,
  writeXml,
  writeXmlFragment,
  writeXmlWithCanonical,
  type WriterElement,
} from '../xml/writer.ts';
import { EXC_C14N, RSA_SHA1, RSA_SHA256, SHA256, type SignatureAlgorithm } from './algorithms.ts';
import { newAttribute, newElement, newText } from './build-nodes.ts';
import { canonicalizeInContext } from './canonical.ts';
import { indexDocument, isWsuId } from './document-index.ts';
import { findBodyInclusivePrefixes, sortPrefixList } from './inclusive-prefixes.ts';
import {
  BASE64_ENCODING_TYPE,
  DS_NS,
  EC_NS,
  ENVELOPE_NS,
  WSSE_NS,
  WSU_NS,
  X509V3_VALUE_TYPE,
  type SoapVersion,
} from './namespaces.ts';
import { PayloadCanonicalizer } from './payload-canonical.ts';
import { MAX_INCLUSIVE_PREFIXES } from './signature-element.ts';
import {
  securityHeaderText,
  signedInfoText,
  timestampText,
  type ReferenceText,
  type SecurityHeaderText,
  type SignedInfoText,
  type TimestampText,
} from './signer-text.ts';
import { DEFAULT_LIFETIME_SECONDS, formatUtcDateTime, MAX_LIFETIME_SECONDS } from './timestamp.ts';
import { WssSigningError } from './wss-error.ts';

export interface SigningCredentials {
  /** The signer's certificate (X509Certificate or PEM). */
  readonly certificate: X509Certificate | string;
  /** The matching RSA private key (KeyObject or PKCS#8/PKCS#1 PEM). */
  readonly privateKey: KeyObject | string;
  /** SignatureMethod; RSA-SHA256 unless a legacy peer needs RSA-SHA1. */
  readonly algorithm?: SignatureAlgorithm;
}

export interface SignEnvelopeInput extends SigningCredentials {
  /** An existing SOAP envelope to sign (it must not carry a wsse:Security header yet). */
  readonly envelopeXml?: string;
  /** A bare message to wrap in a new envelope of `version`. */
  readonly payloadXml?: string;
  /**
   * A bare message as a writer tree, wrapped like `payloadXml`: the result is byte for byte what
   * `payloadXml: writeXml(payload)` gives, without writing the payload and parsing it again.
   */
  readonly payload?: WriterElement;
  /** SOAP version of a new envelope (default 1.2); must match an existing envelope. */
  readonly version?: SoapVersion;
  /** Signing time written as Created (default: now). */
  readonly now?: Date;
  /** Expires - Created, seconds (default and maximum 300). */
  readonly lifetimeSeconds?: number;
}

export type EnvelopeSigner = (input: Omit<SignEnvelopeInput, keyof SigningCredentials>) => string;

/** The kinds of wsu:Id the signer creates. */
export type SignerIdKind = 'id-body' | 'id-ts' | 'id-x509';

/**
 * TEST-ONLY: fixes what is otherwise random, so two signers can be compared byte for byte. A
 * supplied Id that the document already uses is refused (it is never silently replaced).
 */
export interface SignerTestHooks {
  readonly newId?: (kind: SignerIdKind) => string;
}

function fail(code: string, message: string, cause?: unknown): WssSigningError {
  return new WssSigningError(code, message, cause === undefined ? undefined : { cause });
}

interface PreparedCredentials {
  /** Signs canonical SignedInfo bytes with the signer's key. */
  readonly signData: (data: Buffer) => Uint8Array;
  readonly certificateBase64: string;
  readonly algorithm: SignatureAlgorithm;
  readonly hash: 'sha256' | 'sha1';
}

function prepare(credentials: SigningCredentials): PreparedCredentials {
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  try {
    certificate =
      typeof credentials.certificate === 'string'
        ? new X509Certificate(credentials.certificate)
        : credentials.certificate;
    privateKey =
      typeof credentials.privateKey === 'string'
        ? createPrivateKey(credentials.privateKey)
        : credentials.privateKey;
  } catch (e) {
    throw fail('WSS_SIGN_BAD_CREDENTIALS', 'the certificate or private key cannot be read', e);
  }
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa')
    throw fail('WSS_SIGN_BAD_CREDENTIALS', 'the signing key must be an RSA private key');
  if (!certificate.checkPrivateKey(privateKey))
    throw fail('WSS_SIGN_BAD_CREDENTIALS', 'the private key does not match the certificate');
  const algorithm = credentials.algorithm ?? RSA_SHA256;
  if (algorithm !== RSA_SHA256 && algorithm !== RSA_SHA1)
    throw fail('WSS_SIGN_BAD_ALGORITHM', 'unsupported signature algorithm');
  const hash = algorithm === RSA_SHA256 ? 'sha256' : 'sha1';
  return {
    signData: (data) => signBytes(hash, data, privateKey),
    certificateBase64: certificate.raw.toString('base64'),
    algorithm,
    hash,
  };
}

interface EnvelopeParts {
  readonly version: SoapVersion;
  readonly envelope: XmlElement;
  readonly header: XmlElement | null;
  readonly body: XmlElement;
  /** Set when the signer built the envelope around a bare message (the message element). */
  readonly payload: XmlElement | null;
  /**
   * The payload's text as writeXml wrote it, when the payload came as a writer tree and writing
   * the built tree again gives that text (BuiltXml.rewritesAsText).
   */
  readonly payloadText: string | null;
}

function parseInput(text: string): XmlDocument {
  try {
    return parseXml(text);
  } catch (e) {
    throw fail('WSS_SIGN_BAD_INPUT', 'the input is not acceptable XML', e);
  }
}

/** The envelope the signer builds around a bare message: `<P:Envelope xmlns:P><P:Body>root`. */
function wrapPayload(
  root: XmlElement,
  requested: SoapVersion | undefined,
  payloadText: string | null = null,
): EnvelopeParts {
  // SKSML-WSS-29: SOAP 1.2 by default, SOAP 1.1 on request.
  const version = requested ?? '1.2';
  const prefix = version === '1.2' ? 'env' : 'soap';
  const ns = ENVELOPE_NS[version];
  const body = newElement(ns, prefix, 'Body', { children: [root] });
  const envelope = newElement(ns, prefix, 'Envelope', {
    namespaceDeclarations: [{ prefix, uri: ns }],
    children: [body],
  });
  return { version, envelope, header: null, body, payload: root, payloadText };
}

function readInput(input: Omit<SignEnvelopeInput, keyof SigningCredentials>): EnvelopeParts {
  const given =
    (input.envelopeXml === undefined ? 0 : 1) +
    (input.payloadXml === undefined ? 0 : 1) +
    (input.payload === undefined ? 0 : 1);
  if (given !== 1)
    throw fail('WSS_SIGN_BAD_INPUT', 'give exactly one of envelopeXml, payloadXml and payload');
  if (input.payload !== undefined) {
    // The tree the text would parse to; null when only the parser can tell (then the text path
    // decides, with the very errors and limits it always had).
    const built = buildXmlTreeWithText(input.payload);
    if (built !== null)
      return wrapPayload(built.tree, input.version, built.rewritesAsText ? built.text : null);
    return wrapPayload(parseInput(writeXml(input.payload)).root, input.version);
  }
  if (input.payloadXml !== undefined) return wrapPayload(parseInput(input.payloadXml).root, input.version);
  const doc = parseInput(input.envelopeXml as string);
  let parsed;
  try {
    parsed = parseEnvelope(doc);
  } catch (e) {
    throw fail('WSS_SIGN_BAD_INPUT', 'the input is not a valid SOAP envelope', e);
  }
  if (input.version !== undefined && input.version !== parsed.version)
    throw fail('WSS_SIGN_BAD_INPUT', `the envelope is SOAP ${parsed.version}, not ${input.version}`);
  if (parsed.headerBlocks.some((b) => b.namespaceURI === WSSE_NS && b.localName === 'Security'))
    // SKSML-WSS-28
    throw fail('WSS_SIGN_ALREADY_SIGNED', 'the envelope already carries a wsse:Security header');
  return {
    version: parsed.version,
    envelope: parsed.envelope,
    header: parsed.header,
    body: parsed.body,
    payload: null,
    payloadText: null,
  };
}

function freshId(kind: SignerIdKind, taken: Set<string>, hooks: SignerTestHooks | undefined): string {
  if (hooks?.newId !== undefined) {
    const id = hooks.newId(kind);
    if (taken.has(id)) throw fail('WSS_SIGN_BAD_INPUT', `the Id ${JSON.stringify(id)} is already in use`);
    taken.add(id);
    return id;
  }
  for (;;) {
    const id = `${kind}-${randomUUID()}`;
    if (!taken.has(id)) return id;
  }
}

function dsElement(localName: string, attributes: XmlAttribute[] = [], children: XmlNode[] = []): XmlElement {
  return newElement(DS_NS, 'ds', localName, { attributes, children });
}

function algorithm(value: string): XmlAttribute {
  return newAttribute(null, null, 'Algorithm', value);
}

/** The exc-c14n transform, with an ec:InclusiveNamespaces PrefixList when `prefixes` is not empty. */
function excC14nTransform(prefixes: readonly string[]): XmlElement {
  const parameters =
    prefixes.length === 0
      ? []
      : [
          newElement(EC_NS, 'ec', 'InclusiveNamespaces', {
            namespaceDeclarations: [{ prefix: 'ec', uri: EC_NS }],
            attributes: [newAttribute(null, null, 'PrefixList', prefixes.join(' '))],
          }),
        ];
  return dsElement('Transform', [algorithm(EXC_C14N)], parameters);
}

function reference(r: ReferenceText): XmlElement {
  return dsElement(
    'Reference',
    [newAttribute(null, null, 'URI', `#${r.id}`)],
    [
      dsElement('Transforms', [], [excC14nTransform(r.prefixes)]),
      dsElement('DigestMethod', [algorithm(SHA256)]),
      dsElement('DigestValue', [], [newText(r.digest)]),
    ],
  );
}

/** The tree form of ds:SignedInfo (signer-text.ts writes the same element as text). */
export function signedInfoTree(info: SignedInfoText): XmlElement {
  return dsElement(
    'SignedInfo',
    [],
    [
      dsElement('CanonicalizationMethod', [algorithm(EXC_C14N)]),
      dsElement('SignatureMethod', [algorithm(info.algorithm)]),
      ...info.references.map(reference),
    ],
  );
}

/** The tree form of wsu:Timestamp (signer-text.ts writes the same element as text). */
export function timestampTree(t: TimestampText): XmlElement {
  return newElement(WSU_NS, 'wsu', 'Timestamp', {
    attributes: [newAttribute(WSU_NS, 'wsu', 'Id', t.id)],
    children: [
      newElement(WSU_NS, 'wsu', 'Created', { children: [newText(t.created)] }),
      newElement(WSU_NS, 'wsu', 'Expires', { children: [newText(t.expires)] }),
    ],
  });
}

/** The tree form of the wsse:Security header (securityHeaderText writes it as text). */
function securityTree(parts: EnvelopeParts, h: SecurityHeaderText): XmlElement {
  const token = newElement(WSSE_NS, 'wsse', 'BinarySecurityToken', {
    attributes: [
      newAttribute(null, null, 'EncodingType', BASE64_ENCODING_TYPE),
      newAttribute(null, null, 'ValueType', X509V3_VALUE_TYPE),
      newAttribute(WSU_NS, 'wsu', 'Id', h.tokenId),
    ],
    children: [newText(h.certificateBase64)],
  });
  const signature = newElement(DS_NS, 'ds', 'Signature', {
    namespaceDeclarations: [{ prefix: 'ds', uri: DS_NS }],
    children: [
      signedInfoTree(h.signedInfo),
      dsElement('SignatureValue', [], [newText(h.signatureValue)]),
      dsElement(
        'KeyInfo',
        [],
        [
          newElement(WSSE_NS, 'wsse', 'SecurityTokenReference', {
            children: [
              newElement(WSSE_NS, 'wsse', 'Reference', {
                attributes: [
                  newAttribute(null, null, 'URI', `#${h.tokenId}`),
                  newAttribute(null, null, 'ValueType', X509V3_VALUE_TYPE),
                ],
              }),
            ],
          }),
        ],
      ),
    ],
  });
  return newElement(WSSE_NS, 'wsse', 'Security', {
    namespaceDeclarations: [
      { prefix: 'wsse', uri: WSSE_NS },
      { prefix: 'wsu', uri: WSU_NS },
    ],
    attributes: [
      newAttribute(ENVELOPE_NS[parts.version], h.envelopePrefix, 'mustUnderstand', h.mustUnderstand),
    ],
    children: [timestampTree(h.timestamp), token, signature],
  });
}

function sha256Base64(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

/** True when some element of the tree declares one of `prefixes` (iterative). */
function declaresAnyOf(root: XmlElement, prefixes: readonly string[]): boolean {
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as XmlElement;
    const declarations = element.namespaceDeclarations;
    for (let k = 0; k < declarations.length; k++)
      if (prefixes.includes((declarations[k] as XmlNamespaceDeclaration).prefix ?? '')) return true;
    const children = element.children;
    for (let k = 0; k < children.length; k++) {
      const child = children[k] as XmlNode;
      if (child.kind === 'element') stack.push(child);
    }
  }
  return false;
}

/**
 * The payload as writeXml writes it inside the Body, whose scope adds the envelope prefix and wsu
 * to the payload's own declarations. The text the payload was built with is what writing its tree
 * at the top level gives (rewritesAsText), and that is the very text inside the Body unless the
 * payload declares one of those two prefixes itself: the fragment writer repeats a declaration
 * exactly when the prefix is not already bound to the same namespace, and with those two prefixes
 * left alone every binding it looks up is the one the payload's own declarations made, as at the
 * top level (sign-tree.test.ts compares the result with the previous signer, payloads declaring
 * wsu and env and payloads with empty text included).
 */
function payloadTextInBody(
  parts: EnvelopeParts,
  payload: XmlElement,
  inBody: readonly { prefix: string; uri: string }[],
): string {
  const prefixes = inBody.map((d) => d.prefix);
  if (parts.payloadText !== null && !declaresAnyOf(payload, prefixes)) return parts.payloadText;
  return writeXmlFragment(payload, inBody);
}

/**
 * The text of an envelope the signer built around a bare message: what writeXml writes for that
 * tree, with the Security header as text and the message written in the Body's scope.
 */
function ownEnvelopeText(
  parts: EnvelopeParts,
  payload: XmlElement,
  bodyId: string,
  h: SecurityHeaderText,
): string {
  const inBody = [
    { prefix: h.envelopePrefix, uri: ENVELOPE_NS[parts.version] },
    { prefix: 'wsu', uri: WSU_NS },
  ];
  return envelopeText(parts.version, bodyId, h, payloadTextInBody(parts, payload, inBody));
}

/** The signer's own envelope around `payloadText` (the payload as written inside the Body). */
function envelopeText(
  version: SoapVersion,
  bodyId: string,
  h: SecurityHeaderText,
  payloadText: string,
): string {
  const prefix = h.envelopePrefix;
  const ns = ENVELOPE_NS[version];
  return (
    '<' +
    prefix +
    ':Envelope xmlns:' +
    prefix +
    '="' +
    ns +
    '"><' +
    prefix +
    ':Header>' +
    securityHeaderText(h) +
    '</' +
    prefix +
    ':Header><' +
    prefix +
    ':Body xmlns:wsu="' +
    WSU_NS +
    '" wsu:Id="' +
    escapeAttribute(bodyId) +
    '">' +
    payloadText +
    '</' +
    prefix +
    ':Body></' +
    prefix +
    ':Envelope>'
  );
}

/** Created in ms, after the checks of the signing options (the same for every input form). */
function signingTime(options: { now?: Date; lifetimeSeconds?: number }): {
  createdMs: number;
  lifetime: number;
} {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  // SKSML-WSS-10: the signer never writes a lifetime the verifier would refuse.
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS)
    throw fail('WSS_SIGN_BAD_LIFETIME', `lifetimeSeconds must be an integer in 1..${MAX_LIFETIME_SECONDS}`);
  const createdMs = (options.now ?? new Date()).getTime();
  if (Number.isNaN(createdMs)) throw fail('WSS_SIGN_BAD_INPUT', 'now is not a valid date');
  return { createdMs, lifetime };
}

function timestampFor(
  createdMs: number,
  lifetime: number,
  taken: Set<string>,
  hooks: SignerTestHooks | undefined,
): TimestampText {
  return {
    id: freshId('id-ts', taken, hooks),
    created: formatUtcDateTime(createdMs),
    expires: formatUtcDateTime(createdMs + lifetime * 1000),
  };
}

function checkPrefixCount(bodyPrefixes: readonly string[]): void {
  if (bodyPrefixes.length > MAX_INCLUSIVE_PREFIXES)
    throw fail(
      'WSS_SIGN_TOO_MANY_PREFIXES',
      `the Body needs ${bodyPrefixes.length} inclusive namespace prefixes; the profile allows ${MAX_INCLUSIVE_PREFIXES}`,
    );
}

/** Signs SignedInfo over the two references; returns the header to write. */
function signedHeader(
  version: SoapVersion,
  envelopePrefix: string,
  credentials: PreparedCredentials,
  body: ReferenceText,
  timestamp: TimestampText,
  tokenId: string,
): SecurityHeaderText {
  // The Body goes through the canonicalizer; Timestamp and SignedInfo are the signer's own, fixed
  // shapes, written in canonical form directly (signer-text.ts).
  const signedInfo: SignedInfoText = {
    algorithm: credentials.algorithm,
    references: [
      body,
      { id: timestamp.id, digest: sha256Base64(timestampText(timestamp, true)), prefixes: [] },
    ],
  };
  const signatureValue = Buffer.from(
    credentials.signData(Buffer.from(signedInfoText(signedInfo, true), 'utf8')),
  ).toString('base64');
  // SKSML-WSS-2: mustUnderstand in the envelope's own lexical form; SKSML-WSS-3: no role/actor.
  return {
    envelopePrefix,
    mustUnderstand: version === '1.2' ? 'true' : '1',
    timestamp,
    tokenId,
    certificateBase64: credentials.certificateBase64,
    signedInfo,
    signatureValue,
  };
}

/**
 * The fast path for a payload given as a writer tree (payload-canonical.ts): its text and the
 * canonical form of the Body written in one pass. Null when that path does not apply; then the
 * tree path (readInput, signParts) signs, and decides every error, as before.
 */
function signWrittenPayload(
  payload: WriterElement,
  requested: SoapVersion | undefined,
  credentials: PreparedCredentials,
  options: { now?: Date; lifetimeSeconds?: number },
  hooks?: SignerTestHooks,
): string | null {
  // SKSML-WSS-29: SOAP 1.2 by default, SOAP 1.1 on request.
  const version = requested ?? '1.2';
  const prefix = version === '1.2' ? 'env' : 'soap';
  const sink = new PayloadCanonicalizer(prefix);
  const payloadText = writeXmlWithCanonical(payload, sink);
  if (payloadText === null || sink.refused) return null;
  const { createdMs, lifetime } = signingTime(options);
  // SKSML-WSS-28: the payload has no Id-like attribute (the sink refuses those), so the signer's
  // fresh Ids are the document's only ones.
  const taken = new Set<string>();
  const bodyId = freshId('id-body', taken, hooks);
  const timestamp = timestampFor(createdMs, lifetime, taken, hooks);
  const tokenId = freshId('id-x509', taken, hooks);
  // SKSML-WSS-30: the PrefixList as findBodyInclusivePrefixes finds it on the Body.
  const bodyPrefixes = sortPrefixList(sink.prefixes);
  checkPrefixCount(bodyPrefixes);
  // The Body's canonical start tag: the envelope prefix and wsu (both used by the Body; the
  // PrefixList adds nothing in scope there), then wsu:Id, the only attribute.
  const ns = ENVELOPE_NS[version];
  const canonicalBody =
    '<' +
    prefix +
    ':Body xmlns:' +
    prefix +
    '="' +
    ns +
    '" xmlns:wsu="' +
    WSU_NS +
    '" wsu:Id="' +
    escapeAttribute(bodyId) +
    '">' +
    sink.out +
    '</' +
    prefix +
    ':Body>';
  const header = signedHeader(
    version,
    prefix,
    credentials,
    { id: bodyId, digest: sha256Base64(canonicalBody), prefixes: bodyPrefixes },
    timestamp,
    tokenId,
  );
  return envelopeText(version, bodyId, header, payloadText);
}

function signParts(
  parts: EnvelopeParts,
  credentials: PreparedCredentials,
  options: { now?: Date; lifetimeSeconds?: number },
  hooks?: SignerTestHooks,
): string {
  const { createdMs, lifetime } = signingTime(options);

  // SKSML-WSS-28: fresh NCName Ids that the document does not use yet (duplicates are refused).
  const taken = new Set(indexDocument(parts.envelope).ids.keys());
  const existingBodyId = parts.body.attributes.find(isWsuId);
  const bodyId = existingBodyId?.value ?? freshId('id-body', taken, hooks);
  const timestamp = timestampFor(createdMs, lifetime, taken, hooks);
  const tokenId = freshId('id-x509', taken, hooks);

  const body: XmlElement =
    existingBodyId === undefined
      ? { ...parts.body, attributes: [...parts.body.attributes, newAttribute(WSU_NS, 'wsu', 'Id', bodyId)] }
      : parts.body;

  // SKSML-WSS-30: prefixes used in Body text (fault QNames) or declared inside the Body are named
  // in the Body reference's PrefixList, so re-binding any of them breaks the digest (H23-4).
  const bodyPrefixes = findBodyInclusivePrefixes(body, [parts.envelope]);
  checkPrefixCount(bodyPrefixes);
  const bodyDigest = sha256Base64(canonicalizeInContext(body, [parts.envelope], bodyPrefixes));
  const header = signedHeader(
    parts.version,
    parts.envelope.prefix ?? (parts.version === '1.2' ? 'env' : 'soap'),
    credentials,
    { id: bodyId, digest: bodyDigest, prefixes: bodyPrefixes },
    timestamp,
    tokenId,
  );
  if (parts.payload !== null) return ownEnvelopeText(parts, parts.payload, bodyId, header);

  // An envelope given as text: anything may surround the new header, so the writer decides.
  const security = securityTree(parts, header);
  const envNs = ENVELOPE_NS[parts.version];
  const headerElement: XmlElement =
    parts.header === null
      ? newElement(envNs, parts.envelope.prefix, 'Header', { children: [security] })
      : { ...parts.header, children: [security, ...parts.header.children] };
  const children: XmlNode[] = [];
  for (const child of parts.envelope.children) {
    if (child === parts.header) continue;
    if (child === parts.body) children.push(headerElement, body);
    else children.push(child);
  }
  return writeXml({ ...parts.envelope, children });
}

/** A signer with the credentials prepared once (KeyObject and token cached). */
export function createEnvelopeSigner(
  credentials: SigningCredentials,
  hooks?: SignerTestHooks,
): EnvelopeSigner {
  const prepared = prepare(credentials);
  return (input) => signInput(input, prepared, hooks);
}

/**
 * A signer whose private key stays elsewhere (e.g. a PKCS#11 token): `signData` receives the
 * canonical SignedInfo bytes and returns the RSASSA-PKCS1-v1_5 SHA-256 signature (RSA-SHA256).
 */
export function createExternalEnvelopeSigner(
  certificate: X509Certificate | string,
  signData: (data: Uint8Array) => Uint8Array,
): EnvelopeSigner {
  let cert: X509Certificate;
  try {
    cert = typeof certificate === 'string' ? new X509Certificate(certificate) : certificate;
  } catch (e) {
    throw fail('WSS_SIGN_BAD_CREDENTIALS', 'the certificate cannot be read', e);
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa')
    throw fail('WSS_SIGN_BAD_CREDENTIALS', 'the signing certificate must hold an RSA key');
  const prepared: PreparedCredentials = {
    signData,
    certificateBase64: cert.raw.toString('base64'),
    algorithm: RSA_SHA256,
    hash: 'sha256',
  };
  return (input) => signInput(input, prepared);
}

/** Signs one envelope or wraps and signs one bare message; returns the signed envelope text. */
export function signEnvelope(input: SignEnvelopeInput): string {
  return signInput(input, prepare(input));
}

function signInput(
  input: Omit<SignEnvelopeInput, keyof SigningCredentials>,
  prepared: PreparedCredentials,
  hooks?: SignerTestHooks,
): string {
  if (input.payload !== undefined && input.payloadXml === undefined && input.envelopeXml === undefined) {
    const signed = signWrittenPayload(input.payload, input.version, prepared, input, hooks);
    if (signed !== null) return signed;
  }
  return signParts(readInput(input), prepared, input, hooks);
}
