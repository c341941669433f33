/**
 * The tree has no parent links, so the namespaces an element inherits are found by walking
 * down from the root. The result feeds `ancestorNamespaces` of canonicalize() when a subtree
 * is canonicalized with an InclusiveNamespaces PrefixList.
 */
import type { XmlDocument, XmlElement, XmlNamespaceDeclaration } from './tree.ts';

/**
 * The namespace declarations written on the ancestors of `target` (outermost first), or null
 * when `target` (compared by identity) is not in the tree. Iterative: safe at any depth.
 */
export function findAncestorNamespaces(
  tree: XmlDocument | XmlElement,
  target: XmlElement,
): XmlNamespaceDeclaration[] | null {
  const root = 'kind' in tree ? tree : tree.root;
  if (root === target) return [];
  const path: { element: XmlElement; next: number }[] = [{ element: root, next: 0 }];
  while (path.length > 0) {
    const frame = path[path.length - 1] as { element: XmlElement; next: number };
    const child = frame.element.children[frame.next++];
    if (child === undefined) {
      path.pop();
      continue;
    }
    if (child.kind !== 'element') continue;
    if (child === target) {
      const out: XmlNamespaceDeclaration[] = [];
      for (const f of path) out.push(...f.element.namespaceDeclarations);
      return out;
    }
    path.push({ element: child, next: 0 });
  }
  return null;
}
