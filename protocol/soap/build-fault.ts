/**
 * Writing SOAP faults: SOAP 1.2 (env:Code/env:Value/env:Subcode, env:Reason/env:Text xml:lang) and
 * SOAP 1.1 (faultcode/faultstring). A VersionMismatch fault carries the SOAP 1.2 Upgrade header
 * (Part 1 §5.4.7) and a SOAP 1.2 MustUnderstand fault carries NotUnderstood headers (§5.4.8).
 */
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { buildEnvelope } from './build-envelope.ts';
import { ENVELOPE_NS, ENVELOPE_PREFIX, SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS } from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { isNcName } from './qname.ts';
import type { QName } from './qname.ts';
import { SoapError } from './soap-error.ts';
import type { SoapFaultCode } from './soap-error.ts';

/** A subcode to write; the prefix is a hint (replaced when it is unusable). */
export interface FaultSubcode extends QName {
  readonly prefix?: string;
}

export interface BuildFaultInput {
  readonly version: SoapVersion;
  readonly code: SoapFaultCode;
  /** E.g. a WSS fault QName. SOAP 1.2: env:Subcode; SOAP 1.1: written as the faultcode itself. */
  readonly subcode?: FaultSubcode;
  /** Human-readable reason; callers take it from the fixed table (fault-reasons.ts). */
  readonly reason: string;
  /** Language of the reason (SOAP 1.2 env:Text/@xml:lang); default `en`. */
  readonly lang?: string;
  /** Already-serialized XML content for env:Detail (1.2) or detail (1.1). */
  readonly detail?: string;
  /** MustUnderstand faults: blocks that were not understood (SOAP 1.2 NotUnderstood headers). */
  readonly notUnderstood?: readonly QName[];
  /** VersionMismatch faults: supported versions in order of preference (default 1.2, then 1.1). */
  readonly supportedVersions?: readonly SoapVersion[];
}

/** SOAP 1.1 local names of the fault codes (DataEncodingUnknown does not exist in 1.1: Client). */
const SOAP11_CODES: Readonly<Record<SoapFaultCode, string>> = {
  Sender: 'Client',
  Receiver: 'Server',
  VersionMismatch: 'VersionMismatch',
  MustUnderstand: 'MustUnderstand',
  DataEncodingUnknown: 'Client',
};

/** A prefix usable for `name` inside a fault of `version` (never the envelope prefix or xml*). */
function usablePrefix(name: FaultSubcode, version: SoapVersion, fallback: string): string {
  const hint = name.prefix;
  if (hint === undefined || !isNcName(hint) || hint.toLowerCase().startsWith('xml')) return fallback;
  if (hint === ENVELOPE_PREFIX[version] && name.namespace !== ENVELOPE_NS[version]) return fallback;
  return hint;
}

/** `prefix:local` plus the declaration that binds it, for writing a QName as text or attribute. */
function qnameWithDeclaration(name: FaultSubcode, version: SoapVersion, fallback: string): [string, string] {
  if (!isNcName(name.localName))
    throw new SoapError('SOAP_BUILD_INVALID_INPUT', 'Receiver', 'bad QName local name');
  if (name.namespace === '') return [name.localName, ''];
  const prefix = usablePrefix(name, version, fallback);
  return [`${prefix}:${name.localName}`, ` xmlns:${prefix}="${escapeAttribute(name.namespace)}"`];
}

function upgradeBlock(versions: readonly SoapVersion[]): string {
  let out = `<upg:Upgrade xmlns:upg="${SOAP12_ENVELOPE_NS}">`;
  for (const v of versions) {
    const [prefix, ns] = v === '1.2' ? ['v12', SOAP12_ENVELOPE_NS] : ['v11', SOAP11_ENVELOPE_NS];
    out += `<upg:SupportedEnvelope qname="${prefix}:Envelope" xmlns:${prefix}="${ns}"/>`;
  }
  return `${out}</upg:Upgrade>`;
}

function notUnderstoodBlock(name: QName): string {
  const [qname, declaration] = qnameWithDeclaration(name, '1.2', 'nu');
  return `<env:NotUnderstood qname="${escapeAttribute(qname)}"${declaration}/>`;
}

/** The header blocks a fault message carries (Upgrade, NotUnderstood), serialized. */
export function buildFaultHeaderBlocks(input: BuildFaultInput): string[] {
  // SKSML-BIND-7 (Upgrade) and SKSML-BIND-27 (NotUnderstood)
  if (input.code === 'VersionMismatch') return [upgradeBlock(input.supportedVersions ?? ['1.2', '1.1'])];
  if (input.code === 'MustUnderstand' && input.version === '1.2')
    return (input.notUnderstood ?? []).map(notUnderstoodBlock);
  return [];
}

/** The serialized Fault element alone (for a signer that builds the Body itself). */
export function buildFaultElement(input: BuildFaultInput): string {
  const p = ENVELOPE_PREFIX[input.version];
  if (input.version === '1.2') {
    let code = `<${p}:Code><${p}:Value>${p}:${input.code}</${p}:Value>`;
    if (input.subcode !== undefined) {
      // SKSML-BIND-23 (SOAP 1.2): the WSS fault QName is the Subcode under env:Sender.
      const [qname, declaration] = qnameWithDeclaration(input.subcode, '1.2', 'sc');
      code += `<${p}:Subcode><${p}:Value${declaration}>${escapeText(qname)}</${p}:Value></${p}:Subcode>`;
    }
    code += `</${p}:Code>`;
    const lang = escapeAttribute(input.lang ?? 'en');
    const reason = `<${p}:Reason><${p}:Text xml:lang="${lang}">${escapeText(input.reason)}</${p}:Text></${p}:Reason>`;
    const detail = input.detail === undefined ? '' : `<${p}:Detail>${input.detail}</${p}:Detail>`;
    return `<${p}:Fault>${code}${reason}${detail}</${p}:Fault>`;
  }
  // SKSML-BIND-23 (SOAP 1.1): a subcode (e.g. wsse:InvalidSecurity, as WSS 1.0 §12 prescribes) replaces the faultcode.
  let faultcode: string;
  if (input.subcode !== undefined) {
    const [qname, declaration] = qnameWithDeclaration(input.subcode, '1.1', 'sc');
    faultcode = `<faultcode${declaration}>${escapeText(qname)}</faultcode>`;
  } else {
    faultcode = `<faultcode>${p}:${SOAP11_CODES[input.code]}</faultcode>`;
  }
  const detail = input.detail === undefined ? '' : `<detail>${input.detail}</detail>`;
  return `<${p}:Fault>${faultcode}<faultstring>${escapeText(input.reason)}</faultstring>${detail}</${p}:Fault>`;
}

/** A complete fault message. */
export function buildFault(input: BuildFaultInput): string {
  return buildEnvelope({
    version: input.version,
    headerBlocks: buildFaultHeaderBlocks(input),
    body: buildFaultElement(input),
  });
}
