/**
 * Exclusive c14n of a node found by position: the ancestors are known (the caller walked to the
 * node), so the in-scope namespaces an InclusiveNamespaces PrefixList may need come from them.
 */
import { canonicalize } from '../xml/c14n.ts';
import type { XmlElement, XmlNamespaceDeclaration } from '../xml/tree.ts';

/** The canonical text (callers that only hash it need no Buffer of the whole subtree). */
export function canonicalTextInContext(
  element: XmlElement,
  ancestors: readonly XmlElement[],
  inclusivePrefixes: readonly string[],
): string {
  if (inclusivePrefixes.length === 0) return canonicalize(element);
  const ancestorNamespaces: XmlNamespaceDeclaration[] = [];
  for (const a of ancestors) ancestorNamespaces.push(...a.namespaceDeclarations);
  return canonicalize(element, { inclusivePrefixes, ancestorNamespaces });
}

/** The canonical form as UTF-8 bytes (what is signed or digested). */
export function canonicalizeInContext(
  element: XmlElement,
  ancestors: readonly XmlElement[],
  inclusivePrefixes: readonly string[],
): Buffer {
  return Buffer.from(canonicalTextInContext(element, ancestors, inclusivePrefixes), 'utf8');
}
