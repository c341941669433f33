/**
 * TEST SUPPORT ONLY. The signer as it was before the H31 performance work (payload written, then
 * parsed again; Timestamp and SignedInfo built as trees and canonicalized; the whole envelope
 * written by the previous writer), kept as the oracle of sign.test.ts: the current signer must
 * produce byte-identical envelopes. Changed only to take fixed Ids (`newId`) like the current
 * signer's test hook.
 */
import {
  createHash,
  createPrivateKey,
  randomUUID,
  sign as signBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { parseEnvelope } from '../../soap/envelope.ts';
import { canonicalize } from '../../xml/c14n.ts';
import { parseXml } from '../../xml/intake.ts';
import type { XmlAttribute, XmlElement, XmlNode } from '../../xml/tree.ts';
import { writeXml } from '../../xml/test-support/writer-reference.ts';
import { EXC_C14N, RSA_SHA1, RSA_SHA256, SHA256, type SignatureAlgorithm } from '../algorithms.ts';
import { newAttribute, newElement, newText } from '../build-nodes.ts';
import { canonicalizeInContext } from '../canonical.ts';
import { indexDocument, isWsuId } from '../document-index.ts';
import { findBodyInclusivePrefixes } from '../inclusive-prefixes.ts';
import {
  BASE64_ENCODING_TYPE,
  DS_NS,
  EC_NS,
  ENVELOPE_NS,
  WSSE_NS,
  WSU_NS,
  X509V3_VALUE_TYPE,
  type SoapVersion,
} from '../namespaces.ts';
import { MAX_INCLUSIVE_PREFIXES } from '../signature-element.ts';
import { DEFAULT_LIFETIME_SECONDS, formatUtcDateTime, MAX_LIFETIME_SECONDS } from '../timestamp.ts';
import { WssSigningError } from '../wss-error.ts';

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
  /** SOAP version of a new envelope (default 1.2); must match an existing envelope. */
  readonly version?: SoapVersion;
  /** Signing time written as Created (default: now). */
  readonly now?: Date;
  /** Expires - Created, seconds (default and maximum 300). */
  readonly lifetimeSeconds?: number;
}

export type EnvelopeSigner = (input: Omit<SignEnvelopeInput, keyof SigningCredentials>) => string;

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
}

function readInput(input: Omit<SignEnvelopeInput, keyof SigningCredentials>): EnvelopeParts {
  const given = (input.envelopeXml === undefined ? 0 : 1) + (input.payloadXml === undefined ? 0 : 1);
  if (given !== 1) throw fail('WSS_SIGN_BAD_INPUT', 'give exactly one of envelopeXml and payloadXml');
  let doc;
  try {
    doc = parseXml((input.envelopeXml ?? input.payloadXml) as string);
  } catch (e) {
    throw fail('WSS_SIGN_BAD_INPUT', 'the input is not acceptable XML', e);
  }
  if (input.payloadXml !== undefined) {
    // SKSML-WSS-29: SOAP 1.2 by default, SOAP 1.1 on request.
    const version = input.version ?? '1.2';
    const prefix = version === '1.2' ? 'env' : 'soap';
    const ns = ENVELOPE_NS[version];
    const body = newElement(ns, prefix, 'Body', { children: [doc.root] });
    const envelope = newElement(ns, prefix, 'Envelope', {
      namespaceDeclarations: [{ prefix, uri: ns }],
      children: [body],
    });
    return { version, envelope, header: null, body };
  }
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
  return { version: parsed.version, envelope: parsed.envelope, header: parsed.header, body: parsed.body };
}

type NewId = (kind: 'id-body' | 'id-ts' | 'id-x509') => string;

function freshId(kind: 'id-body' | 'id-ts' | 'id-x509', taken: ReadonlySet<string>, newId?: NewId): string {
  if (newId !== undefined) return newId(kind);
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

function reference(id: string, digest: string, prefixes: readonly string[] = []): XmlElement {
  return dsElement(
    'Reference',
    [newAttribute(null, null, 'URI', `#${id}`)],
    [
      dsElement('Transforms', [], [excC14nTransform(prefixes)]),
      dsElement('DigestMethod', [algorithm(SHA256)]),
      dsElement('DigestValue', [], [newText(digest)]),
    ],
  );
}

function sha256Base64(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64');
}

function signParts(
  parts: EnvelopeParts,
  credentials: PreparedCredentials,
  options: { now?: Date; lifetimeSeconds?: number },
  newId?: NewId,
): string {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  // SKSML-WSS-10: the signer never writes a lifetime the verifier would refuse.
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS)
    throw fail('WSS_SIGN_BAD_LIFETIME', `lifetimeSeconds must be an integer in 1..${MAX_LIFETIME_SECONDS}`);
  const createdMs = (options.now ?? new Date()).getTime();
  if (Number.isNaN(createdMs)) throw fail('WSS_SIGN_BAD_INPUT', 'now is not a valid date');

  // SKSML-WSS-28: fresh NCName Ids that the document does not use yet (duplicates are refused).
  const taken = new Set(indexDocument(parts.envelope).ids.keys());
  const existingBodyId = parts.body.attributes.find(isWsuId);
  const bodyId = existingBodyId?.value ?? freshId('id-body', taken, newId);
  const timestampId = freshId('id-ts', taken, newId);
  const tokenId = freshId('id-x509', taken, newId);

  const body: XmlElement =
    existingBodyId === undefined
      ? { ...parts.body, attributes: [...parts.body.attributes, newAttribute(WSU_NS, 'wsu', 'Id', bodyId)] }
      : parts.body;
  const timestamp = newElement(WSU_NS, 'wsu', 'Timestamp', {
    attributes: [newAttribute(WSU_NS, 'wsu', 'Id', timestampId)],
    children: [
      newElement(WSU_NS, 'wsu', 'Created', { children: [newText(formatUtcDateTime(createdMs))] }),
      newElement(WSU_NS, 'wsu', 'Expires', {
        children: [newText(formatUtcDateTime(createdMs + lifetime * 1000))],
      }),
    ],
  });
  const token = newElement(WSSE_NS, 'wsse', 'BinarySecurityToken', {
    attributes: [
      newAttribute(null, null, 'EncodingType', BASE64_ENCODING_TYPE),
      newAttribute(null, null, 'ValueType', X509V3_VALUE_TYPE),
      newAttribute(WSU_NS, 'wsu', 'Id', tokenId),
    ],
    children: [newText(credentials.certificateBase64)],
  });

  // SKSML-WSS-30: prefixes used in Body text (fault QNames) or declared inside the Body are named
  // in the Body reference's PrefixList, so re-binding any of them breaks the digest (H23-4).
  const bodyPrefixes = findBodyInclusivePrefixes(body, [parts.envelope]);
  if (bodyPrefixes.length > MAX_INCLUSIVE_PREFIXES)
    throw fail(
      'WSS_SIGN_TOO_MANY_PREFIXES',
      `the Body needs ${bodyPrefixes.length} inclusive namespace prefixes; the profile allows ${MAX_INCLUSIVE_PREFIXES}`,
    );
  const bodyDigest = sha256Base64(canonicalizeInContext(body, [parts.envelope], bodyPrefixes));

  const signedInfo = dsElement(
    'SignedInfo',
    [],
    [
      dsElement('CanonicalizationMethod', [algorithm(EXC_C14N)]),
      dsElement('SignatureMethod', [algorithm(credentials.algorithm)]),
      reference(bodyId, bodyDigest, bodyPrefixes),
      reference(timestampId, sha256Base64(canonicalize(timestamp))),
    ],
  );
  const signatureValue = Buffer.from(
    credentials.signData(Buffer.from(canonicalize(signedInfo), 'utf8')),
  ).toString('base64');
  const signature = newElement(DS_NS, 'ds', 'Signature', {
    namespaceDeclarations: [{ prefix: 'ds', uri: DS_NS }],
    children: [
      signedInfo,
      dsElement('SignatureValue', [], [newText(signatureValue)]),
      dsElement(
        'KeyInfo',
        [],
        [
          newElement(WSSE_NS, 'wsse', 'SecurityTokenReference', {
            children: [
              newElement(WSSE_NS, 'wsse', 'Reference', {
                attributes: [
                  newAttribute(null, null, 'URI', `#${tokenId}`),
                  newAttribute(null, null, 'ValueType', X509V3_VALUE_TYPE),
                ],
              }),
            ],
          }),
        ],
      ),
    ],
  });

  const envNs = ENVELOPE_NS[parts.version];
  const envPrefix = parts.envelope.prefix ?? (parts.version === '1.2' ? 'env' : 'soap');
  // SKSML-WSS-2: mustUnderstand in the envelope's own lexical form; SKSML-WSS-3: no role/actor.
  const security = newElement(WSSE_NS, 'wsse', 'Security', {
    namespaceDeclarations: [
      { prefix: 'wsse', uri: WSSE_NS },
      { prefix: 'wsu', uri: WSU_NS },
    ],
    attributes: [newAttribute(envNs, envPrefix, 'mustUnderstand', parts.version === '1.2' ? 'true' : '1')],
    children: [timestamp, token, signature],
  });
  const header: XmlElement =
    parts.header === null
      ? newElement(envNs, parts.envelope.prefix, 'Header', { children: [security] })
      : { ...parts.header, children: [security, ...parts.header.children] };
  const children: XmlNode[] = [];
  for (const child of parts.envelope.children) {
    if (child === parts.header) continue;
    if (child === parts.body) children.push(header, body);
    else children.push(child);
  }
  return writeXml({ ...parts.envelope, children });
}

/** A signer with the credentials prepared once (KeyObject and token cached). */
export function createReferenceEnvelopeSigner(
  credentials: SigningCredentials,
  newId?: NewId,
): EnvelopeSigner {
  const prepared = prepare(credentials);
  return (input) => signParts(readInput(input), prepared, input, newId);
}
