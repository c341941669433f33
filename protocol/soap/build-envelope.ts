/**
 * Writing SOAP envelopes. Header blocks and the Body payload are passed already serialized, so the
 * WS-Security signer can build the Body first (with its wsu:Id), sign it, and then pass the
 * wsse:Security block. The Envelope declares the envelope, wsu and wsse namespaces, so blocks and the
 * Body may use those prefixes without declaring them.
 */
import { escapeAttribute } from '../xml/escape.ts';
import { ENVELOPE_NS, ENVELOPE_PREFIX, WSSE_NS, WSU_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { isNcName } from './qname.ts';
import { SoapError } from './soap-error.ts';

/** Prefix of the WSS utility namespace declared on every envelope the project writes. */
export const WSU_PREFIX = 'wsu';
/** Prefix of the WSS secext namespace declared on every envelope the project writes. */
export const WSSE_PREFIX = 'wsse';

export interface BuildEnvelopeInput {
  readonly version: SoapVersion;
  /** Serialized header blocks, written in order inside env:Header (no Header when empty or absent). */
  readonly headerBlocks?: readonly string[];
  /** The serialized payload (one element), written as the only content of env:Body. */
  readonly body: string;
  /** Value for wsu:Id on env:Body (an NCName), for signing by reference. */
  readonly bodyId?: string;
  /** Further namespace declarations for the Envelope, prefix to namespace name. */
  readonly namespaces?: Readonly<Record<string, string>>;
}

export interface BuildBodyInput {
  readonly version: SoapVersion;
  readonly body: string;
  readonly bodyId?: string;
}

/** Programming errors in builder input; they are the server's fault, never the peer's. */
function builderError(message: string): SoapError {
  return new SoapError('SOAP_BUILD_INVALID_INPUT', 'Receiver', message);
}

/** The namespace declarations written on the Envelope, prefix to namespace name. */
export function envelopeNamespaces(
  version: SoapVersion,
  extra: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const declarations = new Map<string, string>([
    [ENVELOPE_PREFIX[version], ENVELOPE_NS[version]],
    [WSU_PREFIX, WSU_NS],
    [WSSE_PREFIX, WSSE_NS],
  ]);
  for (const [prefix, uri] of Object.entries(extra)) {
    if (!isNcName(prefix) || prefix.toLowerCase().startsWith('xml'))
      throw builderError(`cannot declare prefix ${prefix}`);
    const existing = declarations.get(prefix);
    if (existing !== undefined && existing !== uri) throw builderError(`prefix ${prefix} is already bound`);
    if (uri === '') throw builderError(`cannot undeclare prefix ${prefix}`);
    declarations.set(prefix, uri);
  }
  return declarations;
}

/** The serialized env:Body element holding `body`, with wsu:Id when `bodyId` is given. */
export function buildBody(input: BuildBodyInput): string {
  const p = ENVELOPE_PREFIX[input.version];
  let idAttribute = '';
  if (input.bodyId !== undefined) {
    if (!isNcName(input.bodyId)) throw builderError('bodyId is not an NCName');
    idAttribute = ` ${WSU_PREFIX}:Id="${escapeAttribute(input.bodyId)}"`;
  }
  return `<${p}:Body${idAttribute}>${input.body}</${p}:Body>`;
}

/** The start tag of the Envelope with its namespace declarations. */
export function envelopeStartTag(version: SoapVersion, extra?: Readonly<Record<string, string>>): string {
  const p = ENVELOPE_PREFIX[version];
  let tag = `<${p}:Envelope`;
  for (const [prefix, uri] of envelopeNamespaces(version, extra))
    tag += ` xmlns:${prefix}="${escapeAttribute(uri)}"`;
  return `${tag}>`;
}

/** A complete serialized envelope (no XML declaration; the transport says UTF-8). */
export function buildEnvelope(input: BuildEnvelopeInput): string {
  const p = ENVELOPE_PREFIX[input.version];
  const blocks = input.headerBlocks ?? [];
  const header = blocks.length === 0 ? '' : `<${p}:Header>${blocks.join('')}</${p}:Header>`;
  const body = buildBody({ version: input.version, body: input.body, bodyId: input.bodyId });
  return `${envelopeStartTag(input.version, input.namespaces)}${header}${body}</${p}:Envelope>`;
}

/**
 * The mustUnderstand attribute as written on a header block inside an envelope built here
 * (`env:mustUnderstand="true"` in 1.2, `soap:mustUnderstand="1"` in 1.1).
 */
export function mustUnderstandAttribute(version: SoapVersion): string {
  return `${ENVELOPE_PREFIX[version]}:mustUnderstand="${version === '1.2' ? 'true' : '1'}"`;
}
