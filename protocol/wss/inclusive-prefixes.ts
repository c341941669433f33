/**
 * The InclusiveNamespaces PrefixList the signer writes on the Body reference (SKSML-WSS-30).
 *
 * Exclusive c14n renders only the namespaces that element and attribute NAMES visibly use, so the
 * binding of a prefix that appears only inside text or an attribute value (a SOAP fault code such
 * as `wsse:FailedCheck`, a subcode `ekmi:PermissionDenied`, an `xsi:type` value) is outside the
 * digest: a man in the middle could re-bind it and change what a signed message means (finding
 * H23-4). Naming such prefixes in the PrefixList makes c14n render their in-scope binding on every
 * output element, so any re-binding breaks the digest. The list holds:
 *  - every prefix declared inside the Body subtree (the Body element included) on an element whose
 *    own name and attribute names do not use it (`#default` for a default namespace declaration).
 *    A declaration its element uses is rendered by c14n anyway, so re-binding it already breaks the
 *    digest; an ordinary SKSML payload (`<ekmi:X xmlns:ekmi=...>`) therefore needs no list;
 *  - the prefix of every QName-looking value (`NCName:NCName` after trimming) of an element's
 *    whole text (elements without element children) or of an attribute, when that prefix is in
 *    scope there;
 *  - for the texts that ARE QNames (SOAP 1.2 env:Value, SOAP 1.1 faultcode): their prefix even
 *    when unbound, and `#default` for an unprefixed one (it resolves through the default namespace).
 * `xml` and `xmlns` are never listed (they cannot be re-bound).
 */
import { compareCodePoints } from '../xml/c14n.ts';
import type { XmlAttribute, XmlElement, XmlNamespaceDeclaration, XmlNode } from '../xml/tree.ts';
import { isNcName } from '../soap/qname.ts';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS } from './namespaces.ts';

const DEFAULT = '#default';

/** The prefix of a trimmed `prefix:local` value, '' for a bare NCName, null for anything else. */
export function qnamePrefix(value: string): string | null {
  const text = value.trim(); // the same trimming as resolveQName (protocol/soap/qname.ts)
  const colon = text.indexOf(':');
  if (colon < 0) return isNcName(text) ? '' : null;
  const prefix = text.slice(0, colon);
  return isNcName(prefix) && isNcName(text.slice(colon + 1)) ? prefix : null;
}

/** The whole text of an element without element children (comments skipped), else null. */
function wholeText(element: XmlElement): string | null {
  let text = '';
  const children = element.children;
  for (let k = 0; k < children.length; k++) {
    const child = children[k] as XmlNode;
    if (child.kind === 'element') return null;
    if (child.kind === 'text') text += child.value;
  }
  return text;
}

/** True for the elements whose text the SOAP binding reads as a QName (fault codes). */
function holdsFaultQName(element: XmlElement, parent: XmlElement | undefined): boolean {
  if (element.namespaceURI === SOAP12_ENVELOPE_NS) return element.localName === 'Value';
  return (
    element.namespaceURI === null &&
    element.localName === 'faultcode' &&
    parent?.namespaceURI === SOAP11_ENVELOPE_NS &&
    parent.localName === 'Fault'
  );
}

interface Frame {
  readonly element: XmlElement;
  readonly scope: ReadonlyMap<string, string>;
  next: number;
}

interface Scoped {
  /** In-scope bindings inside the element: prefix ('' = default) to namespace URI. */
  readonly scope: ReadonlyMap<string, string>;
  /** Prefixes declared on the element that its own names do not use (c14n would not render them). */
  readonly unused: readonly string[];
}

/** True when the element name or an attribute name of `element` uses `prefix` bound to `uri`. */
function usesBinding(element: XmlElement, prefix: string, uri: string): boolean {
  if ((element.prefix ?? '') === prefix && (element.namespaceURI ?? '') === uri) return true;
  return prefix !== '' && element.attributes.some((a) => a.prefix === prefix && a.namespaceURI === uri);
}

const NONE: readonly string[] = Object.freeze([]);

/** `scope` (copied from `parent` on first change) with `prefix` bound to `uri` if a name uses it unbound. */
function bindUsed(
  scope: Map<string, string> | null,
  parent: ReadonlyMap<string, string>,
  prefix: string | null,
  uri: string | null,
): Map<string, string> | null {
  if (prefix === null || prefix === '' || prefix === 'xml' || uri === null) return scope;
  if ((scope ?? parent).get(prefix) === uri) return scope;
  const out = scope ?? new Map(parent);
  out.set(prefix, uri);
  return out;
}

/**
 * The scope inside `element`. A tree built in memory (the signer's Body with its new wsu:Id) may
 * use a prefix it does not declare; the writer then declares it on that element, for a name that
 * uses it, so such a binding is in scope below and never "unused". (No closures or temporary
 * arrays per element: this runs for every element of every signed Body.)
 */
function enter(parent: ReadonlyMap<string, string>, element: XmlElement): Scoped {
  let scope: Map<string, string> | null = null;
  let unused: string[] | null = null;
  const declarations = element.namespaceDeclarations;
  for (let k = 0; k < declarations.length; k++) {
    const d = declarations[k] as XmlNamespaceDeclaration;
    const p = d.prefix ?? '';
    scope ??= new Map(parent);
    scope.set(p, d.uri);
    if (!usesBinding(element, p, d.uri)) (unused ??= []).push(p);
  }
  scope = bindUsed(scope, parent, element.prefix, element.namespaceURI);
  const attributes = element.attributes;
  for (let k = 0; k < attributes.length; k++) {
    const a = attributes[k] as XmlAttribute;
    scope = bindUsed(scope, parent, a.prefix, a.namespaceURI);
  }
  return { scope: scope ?? parent, unused: unused ?? NONE };
}

/**
 * The PrefixList for the exc-c14n transform of `body`, whose ancestors (root first) are given:
 * distinct entries, `#default` first, then prefixes in code point order. Empty when the Body needs
 * none. The caller bounds the length (MAX_INCLUSIVE_PREFIXES).
 */
function addPrefix(found: Set<string>, prefix: string): void {
  if (prefix === 'xml' || prefix === 'xmlns') return;
  found.add(prefix === '' ? DEFAULT : prefix);
}

/** Adds to `found` what `element` (entered as `scoped`) needs listed. */
function visit(
  found: Set<string>,
  element: XmlElement,
  parent: XmlElement | undefined,
  scoped: Scoped,
): void {
  for (let k = 0; k < scoped.unused.length; k++) addPrefix(found, scoped.unused[k] as string);
  const text = wholeText(element);
  const prefix = text === null ? null : qnamePrefix(text);
  if (prefix !== null) {
    if (holdsFaultQName(element, parent)) addPrefix(found, prefix);
    else if (prefix !== '' && scoped.scope.has(prefix)) addPrefix(found, prefix);
  }
  const attributes = element.attributes;
  for (let k = 0; k < attributes.length; k++) {
    const p = qnamePrefix((attributes[k] as XmlAttribute).value);
    if (p !== null && p !== '' && scoped.scope.has(p)) addPrefix(found, p);
  }
}

export function findBodyInclusivePrefixes(body: XmlElement, ancestors: readonly XmlElement[]): string[] {
  const found = new Set<string>();
  let outer: ReadonlyMap<string, string> = new Map();
  for (const a of ancestors) outer = enter(outer, a).scope;

  // Iterative walk: a deep Body cannot overflow the stack.
  const top = enter(outer, body);
  visit(found, body, ancestors[ancestors.length - 1], top);
  const stack: Frame[] = [{ element: body, scope: top.scope, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const child = frame.element.children[frame.next++];
    if (child === undefined) {
      stack.pop();
      continue;
    }
    if (child.kind !== 'element') continue;
    const scoped = enter(frame.scope, child);
    visit(found, child, frame.element, scoped);
    stack.push({ element: child, scope: scoped.scope, next: 0 });
  }
  return sortPrefixList(found);
}

/** PrefixList order: `#default` first, then prefixes in code point order. */
export function sortPrefixList(found: ReadonlySet<string>): string[] {
  return [...found].sort((a, b) => (a === DEFAULT ? -1 : b === DEFAULT ? 1 : compareCodePoints(a, b)));
}

/**
 * The entries SKSML-WSS-30 requires that a received Body reference's PrefixList lacks (empty when
 * the signer complied). For conformance checks of a peer's signed messages.
 */
export function findMissingBodyPrefixes(
  body: XmlElement,
  ancestors: readonly XmlElement[],
  prefixList: readonly string[],
): string[] {
  const listed = new Set(prefixList);
  return findBodyInclusivePrefixes(body, ancestors).filter((p) => !listed.has(p));
}
