/**
 * Namespace-aware equivalence of two XML trees, for tests: compares expanded names, attribute
 * sets and content, and ignores prefixes, where namespaces are declared, attribute order,
 * comments, CDATA-versus-text, and whitespace-only text in element-only content. Text in
 * simple or mixed content is compared exactly. QName-valued content (e.g. `xsi:type="p:t"`) is
 * compared as written, not by the namespace its prefix resolves to.
 */
import type { XmlElement, XmlNode } from './tree.ts';

type Item =
  | { readonly kind: 'element'; readonly element: XmlElement }
  | { readonly kind: 'text'; readonly value: string };

function expanded(ns: string | null, local: string): string {
  return ns === null || ns === '' ? local : `{${ns}}${local}`;
}

/** Content with comments dropped, adjacent text merged, and ignorable whitespace removed. */
function normalizedContent(children: readonly XmlNode[]): Item[] {
  const merged: Item[] = [];
  for (const c of children) {
    if (c.kind === 'comment') continue;
    if (c.kind === 'element') {
      merged.push({ kind: 'element', element: c });
      continue;
    }
    const last = merged[merged.length - 1];
    if (last?.kind === 'text') merged[merged.length - 1] = { kind: 'text', value: last.value + c.value };
    else merged.push({ kind: 'text', value: c.value });
  }
  const nonEmpty = merged.filter((i) => i.kind === 'element' || i.value !== '');
  const hasElements = nonEmpty.some((i) => i.kind === 'element');
  const hasRealText = nonEmpty.some((i) => i.kind === 'text' && /[^ \t\r\n]/.test(i.value));
  if (hasElements && !hasRealText) return nonEmpty.filter((i) => i.kind === 'element');
  return nonEmpty;
}

function attributeMap(el: XmlElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of el.attributes) map.set(expanded(a.namespaceURI, a.localName), a.value);
  return map;
}

function describe(item: Item | undefined): string {
  if (item === undefined) return 'nothing';
  if (item.kind === 'text')
    return `text ${JSON.stringify(item.value.length > 60 ? `${item.value.slice(0, 60)}...` : item.value)}`;
  return `element ${expanded(item.element.namespaceURI, item.element.localName)}`;
}

function differ(a: XmlElement, b: XmlElement, path: string): string | null {
  const nameA = expanded(a.namespaceURI, a.localName);
  const nameB = expanded(b.namespaceURI, b.localName);
  if (nameA !== nameB) return `${path}: element ${nameA} vs ${nameB}`;
  const here = `${path}/${a.localName}`;

  const attrsA = attributeMap(a);
  const attrsB = attributeMap(b);
  for (const [name, value] of attrsA) {
    if (!attrsB.has(name)) return `${here}/@${name}: only in the first tree`;
    if (attrsB.get(name) !== value)
      return `${here}/@${name}: ${JSON.stringify(value)} vs ${JSON.stringify(attrsB.get(name))}`;
  }
  for (const name of attrsB.keys()) if (!attrsA.has(name)) return `${here}/@${name}: only in the second tree`;

  const contentA = normalizedContent(a.children);
  const contentB = normalizedContent(b.children);
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.max(contentA.length, contentB.length); i++) {
    const x = contentA[i];
    const y = contentB[i];
    if (x === undefined || y === undefined || x.kind !== y.kind)
      return `${here}: child ${i + 1} is ${describe(x)} vs ${describe(y)}`;
    if (x.kind === 'text' && y.kind === 'text') {
      if (x.value !== y.value) return `${here}: ${describe(x)} vs ${describe(y)}`;
      continue;
    }
    if (x.kind === 'element' && y.kind === 'element') {
      const n = (counts.get(x.element.localName) ?? 0) + 1;
      counts.set(x.element.localName, n);
      const diff = differ(x.element, y.element, here);
      if (diff !== null)
        return n > 1
          ? diff.replace(`${here}/${x.element.localName}`, `${here}/${x.element.localName}[${n}]`)
          : diff;
    }
  }
  return null;
}

/** A description of the first difference between `a` and `b` (with its path), or null if equivalent. */
export function describeXmlDifference(a: XmlElement, b: XmlElement): string | null {
  return differ(a, b, '');
}

/** True when `a` and `b` are equivalent in the sense described at the top of this file. */
export function areXmlEquivalent(a: XmlElement, b: XmlElement): boolean {
  return differ(a, b, '') === null;
}
