/** Qualified names as they appear in attribute values and text (fault codes, NotUnderstood/@qname). */
import type { XmlElement } from '../xml/tree.ts';
import { isNameChar, isNameStartChar } from '../xml/chars.ts';
import { XML_NS } from './namespaces.ts';

/** An expanded name. `namespace` is '' for a name in no namespace. */
export interface QName {
  readonly namespace: string;
  readonly localName: string;
}

/** An expanded name with the prefix to write it with. */
export interface PrefixedQName extends QName {
  readonly prefix: string;
}

/** In-scope namespace bindings: prefix (null = default namespace) to namespace name ('' = undeclared). */
export type NamespaceScope = ReadonlyMap<string | null, string>;

/** The scope outside any element: only `xml` is bound. */
export const ROOT_SCOPE: NamespaceScope = new Map<string | null, string>([['xml', XML_NS]]);

/** The scope inside `element`, given the scope of its parent. */
export function extendScope(parent: NamespaceScope, element: XmlElement): NamespaceScope {
  if (element.namespaceDeclarations.length === 0) return parent;
  const scope = new Map(parent);
  for (const d of element.namespaceDeclarations) scope.set(d.prefix, d.uri);
  return scope;
}

/** The scope inside the last element of `path` (a chain of ancestors, root first). */
export function scopeAlong(path: readonly XmlElement[]): NamespaceScope {
  let scope = ROOT_SCOPE;
  for (const element of path) scope = extendScope(scope, element);
  return scope;
}

/** True when `value` is an NCName (Namespaces in XML, production [4]). */
export function isNcName(value: string): boolean {
  if (value.length === 0) return false;
  let first = true;
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0x3a) return false;
    if (first ? !isNameStartChar(cp) : !isNameChar(cp)) return false;
    first = false;
  }
  return true;
}

/**
 * Resolves a QName written as text (xs:QName: white space collapsed, `prefix:local` or `local`)
 * against `scope`. An unprefixed name takes the default namespace, as xs:QName does.
 * Returns null when the text is not a QName or its prefix is not declared.
 */
export function resolveQName(text: string, scope: NamespaceScope): QName | null {
  const value = text.trim();
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? null : value.slice(0, colon);
  const localName = colon < 0 ? value : value.slice(colon + 1);
  if (!isNcName(localName) || (prefix !== null && !isNcName(prefix))) return null;
  const namespace = scope.get(prefix);
  if (prefix !== null && (namespace === undefined || namespace === '')) return null;
  return { namespace: namespace ?? '', localName };
}

/** True when both names have the same namespace and local name (prefixes do not matter). */
export function sameQName(a: QName, b: QName): boolean {
  return a.namespace === b.namespace && a.localName === b.localName;
}

/** True when `element` has the expanded name `name`. */
export function elementHasName(element: XmlElement, name: QName): boolean {
  return (element.namespaceURI ?? '') === name.namespace && element.localName === name.localName;
}

/** James Clark notation, `{namespace}local`, for messages and map keys. */
export function formatQName(name: QName): string {
  return `{${name.namespace}}${name.localName}`;
}
