/**
 * Header blocks: which ones are targeted at this node (SOAP 1.2 role / SOAP 1.1 actor), finding
 * them by name, and the mustUnderstand check (SOAP 1.2 Part 1 §2.4, §2.6, §5.2.3; SOAP 1.1 §4.2.3).
 */
import type { XmlElement } from '../xml/tree.ts';
import { findAttribute } from '../xml/tree.ts';
import {
  ENVELOPE_NS,
  SOAP11_ACTOR_NEXT,
  SOAP12_ROLE_NEXT,
  SOAP12_ROLE_NONE,
  SOAP12_ROLE_ULTIMATE_RECEIVER,
} from './namespaces.ts';
import type { SoapVersion } from './namespaces.ts';
import { elementHasName, sameQName } from './qname.ts';
import type { QName } from './qname.ts';
import { SoapError } from './soap-error.ts';

/** The parts of a parsed envelope these functions need (SoapEnvelope satisfies it). */
export interface HeaderBlockSource {
  readonly version: SoapVersion;
  readonly headerBlocks: readonly XmlElement[];
}

export interface HeaderTargetOptions {
  /**
   * Roles (SOAP 1.2) or actors (SOAP 1.1) this node plays in addition to the ones an ultimate
   * receiver always plays (next and ultimateReceiver / the absent actor).
   */
  readonly roles?: readonly string[];
}

/**
 * The value of mustUnderstand on `block` as a boolean (false when absent).
 * SOAP 1.2 allows the xs:boolean forms true/false/1/0; SOAP 1.1 (and WS-I BP R1013) allows 1/0.
 * Any other value is a Sender fault.
 */
export function readMustUnderstand(block: XmlElement, version: SoapVersion): boolean {
  const attribute = findAttribute(block, ENVELOPE_NS[version], 'mustUnderstand');
  if (attribute === undefined) return false;
  const value = attribute.value.trim();
  // SKSML-BIND-8
  if (value === '1' || (version === '1.2' && value === 'true')) return true;
  if (value === '0' || (version === '1.2' && value === 'false')) return false;
  throw new SoapError(
    'SOAP_INVALID_MUST_UNDERSTAND',
    'Sender',
    `mustUnderstand value not allowed in SOAP ${version}`,
    {
      requirement: 'SKSML-BIND-8',
    },
  );
}

/** The role (1.2) or actor (1.1) a block is targeted at; null when the attribute is absent. */
export function readTargetRole(block: XmlElement, version: SoapVersion): string | null {
  const attribute = findAttribute(block, ENVELOPE_NS[version], version === '1.2' ? 'role' : 'actor');
  return attribute === undefined ? null : attribute.value.trim();
}

/** True when `block` is targeted at this node acting as ultimate receiver (plus `options.roles`). */
export function isTargetedAtUs(
  block: XmlElement,
  version: SoapVersion,
  options: HeaderTargetOptions = {},
): boolean {
  const role = readTargetRole(block, version);
  const extra = options.roles ?? [];
  if (version === '1.2') {
    // SKSML-BIND-9: an absent or empty role means ultimateReceiver; `none` is never processed.
    if (role === null || role === '') return true;
    if (role === SOAP12_ROLE_NONE) return false;
    return role === SOAP12_ROLE_NEXT || role === SOAP12_ROLE_ULTIMATE_RECEIVER || extra.includes(role);
  }
  if (role === null || role === '') return true;
  return role === SOAP11_ACTOR_NEXT || extra.includes(role);
}

export interface FindHeaderBlocksOptions extends HeaderTargetOptions {
  /** Also return blocks targeted at other nodes (default false). */
  readonly includeUntargeted?: boolean;
}

/**
 * The header blocks of `envelope` named `name` (all names when omitted), in document order, that
 * are targeted at this node. The elements are the original tree nodes.
 */
export function findHeaderBlocks(
  envelope: HeaderBlockSource,
  name?: QName,
  options: FindHeaderBlocksOptions = {},
): XmlElement[] {
  return envelope.headerBlocks.filter(
    (block) =>
      (name === undefined || elementHasName(block, name)) &&
      (options.includeUntargeted === true || isTargetedAtUs(block, envelope.version, options)),
  );
}

/** The targeted header blocks with mustUnderstand set whose names are not in `understood`. */
export function findNotUnderstood(
  envelope: HeaderBlockSource,
  understood: readonly QName[],
  options: HeaderTargetOptions = {},
): XmlElement[] {
  return findHeaderBlocks(envelope, undefined, options).filter((block) => {
    if (!readMustUnderstand(block, envelope.version)) return false;
    const name: QName = { namespace: block.namespaceURI ?? '', localName: block.localName };
    return !understood.some((u) => sameQName(u, name));
  });
}

/**
 * Throws a MustUnderstand SoapError (listing the offending blocks) when a targeted header block
 * with mustUnderstand set is not one of `understood`. Call it before processing the Body.
 */
export function checkMustUnderstand(
  envelope: HeaderBlockSource,
  understood: readonly QName[],
  options: HeaderTargetOptions = {},
): void {
  const missing = findNotUnderstood(envelope, understood, options);
  if (missing.length === 0) return;
  // SKSML-BIND-9
  throw new SoapError(
    'SOAP_MUST_UNDERSTAND',
    'MustUnderstand',
    `${missing.length} mandatory header block(s) not understood`,
    {
      notUnderstood: missing.map((b) => ({ namespace: b.namespaceURI ?? '', localName: b.localName })),
      requirement: 'SKSML-BIND-9',
    },
  );
}
