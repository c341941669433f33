/**
 * Exclusive c14n of a node found by position: the ancestors are known (the caller walked to the
 * node), so the in-scope namespaces an InclusiveNamespaces PrefixList may need come from them.
 */
import { canonicalize } from '../xml/c14n.ts';
import type { XmlElement, XmlNamespaceDeclaration } from '../xml/tree.ts';

export function canonicalizeInContext(
  element: XmlElement,
  ancestors: readonly XmlElement[],
  inclusivePrefixes: readonly string[],
): Buffer {
  if (inclusivePrefixes.length === 0) return Buffer.from(canonicalize(element), 'utf8');
  const ancestorNamespaces: XmlNamespaceDeclaration[] = [];
  for (const a of ancestors) ancestorNamespaces.push(...a.namespaceDeclarations);
  return Buffer.from(canonicalize(element, { inclusivePrefixes, ancestorNamespaces }), 'utf8');
}
