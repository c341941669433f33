/**
 * findBodyInclusivePrefixes against the straightforward formulation it replaced (scope maps built
 * through closures per element), on random Bodies built in memory: declared, re-declared and
 * undeclared prefixes, QName-looking texts and attribute values, SOAP fault code elements.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../xml/c14n.ts';
import type { XmlAttribute, XmlElement, XmlNode } from '../xml/tree.ts';
import { isNcName } from '../soap/qname.ts';
import { newAttribute, newElement, newText } from './build-nodes.ts';
import { findBodyInclusivePrefixes } from './inclusive-prefixes.ts';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS } from './namespaces.ts';

function referencePrefixes(body: XmlElement, ancestors: readonly XmlElement[]): string[] {
  const qnamePrefix = (value: string): string | null => {
    const text = value.trim();
    const colon = text.indexOf(':');
    if (colon < 0) return isNcName(text) ? '' : null;
    const prefix = text.slice(0, colon);
    return isNcName(prefix) && isNcName(text.slice(colon + 1)) ? prefix : null;
  };
  const wholeText = (element: XmlElement): string | null => {
    let text = '';
    for (const child of element.children) {
      if (child.kind === 'element') return null;
      if (child.kind === 'text') text += child.value;
    }
    return text;
  };
  const holdsFaultQName = (element: XmlElement, parent: XmlElement | undefined): boolean =>
    element.namespaceURI === SOAP12_ENVELOPE_NS
      ? element.localName === 'Value'
      : element.namespaceURI === null &&
        element.localName === 'faultcode' &&
        parent?.namespaceURI === SOAP11_ENVELOPE_NS &&
        parent.localName === 'Fault';
  const usesBinding = (element: XmlElement, prefix: string, uri: string): boolean =>
    ((element.prefix ?? '') === prefix && (element.namespaceURI ?? '') === uri) ||
    (prefix !== '' && element.attributes.some((a) => a.prefix === prefix && a.namespaceURI === uri));
  const enter = (parent: ReadonlyMap<string, string>, element: XmlElement) => {
    let scope: Map<string, string> | null = null;
    const bind = (p: string, u: string): void => {
      scope ??= new Map(parent);
      scope.set(p, u);
    };
    const unused: string[] = [];
    for (const d of element.namespaceDeclarations) {
      const p = d.prefix ?? '';
      bind(p, d.uri);
      if (!usesBinding(element, p, d.uri)) unused.push(p);
    }
    const current = (): ReadonlyMap<string, string> => scope ?? parent;
    for (const n of [element, ...element.attributes])
      if (n.prefix !== null && n.prefix !== '' && n.prefix !== 'xml' && n.namespaceURI !== null)
        if (current().get(n.prefix) !== n.namespaceURI) bind(n.prefix, n.namespaceURI);
    return { scope: current(), unused };
  };
  const found = new Set<string>();
  const add = (prefix: string): void => {
    if (prefix !== 'xml' && prefix !== 'xmlns') found.add(prefix === '' ? '#default' : prefix);
  };
  let outer: ReadonlyMap<string, string> = new Map();
  for (const a of ancestors) outer = enter(outer, a).scope;
  const walk = (
    element: XmlElement,
    parent: XmlElement | undefined,
    scope: ReadonlyMap<string, string>,
  ): void => {
    const scoped = enter(scope, element);
    for (const p of scoped.unused) add(p);
    const text = wholeText(element);
    const prefix = text === null ? null : qnamePrefix(text);
    if (prefix !== null) {
      if (holdsFaultQName(element, parent)) add(prefix);
      else if (prefix !== '' && scoped.scope.has(prefix)) add(prefix);
    }
    for (const a of element.attributes) {
      const p = qnamePrefix(a.value);
      if (p !== null && p !== '' && scoped.scope.has(p)) add(p);
    }
    for (const c of element.children) if (c.kind === 'element') walk(c, element, scoped.scope);
  };
  walk(body, ancestors[ancestors.length - 1], outer);
  return [...found].sort((a, b) => (a === '#default' ? -1 : b === '#default' ? 1 : compareCodePoints(a, b)));
}

const uri = fc.constantFrom('urn:a', 'urn:b', SOAP12_ENVELOPE_NS, SOAP11_ENVELOPE_NS);
const prefix = fc.constantFrom<string | null>(null, 'a', 'b', 'c', 'xml');
const value = fc.constantFrom('a:x', ' b:y ', 'x', 'c:z', 'Sender', '1', 'xml:lang', 'a:', '');
const attribute: fc.Arbitrary<XmlAttribute> = fc
  .tuple(fc.constantFrom<string | null>(null, 'a', 'b', 'c'), uri, fc.constantFrom('k', 'Id'), value)
  .map(([p, u, l, v]) => newAttribute(p === null ? null : u, p, l, v));
const declaration = fc.record({ prefix: fc.constantFrom<string | null>(null, 'a', 'b', 'c'), uri });

const { tree } = fc.letrec<{ tree: XmlElement; node: XmlNode }>((tie) => ({
  tree: fc
    .tuple(
      uri,
      prefix,
      fc.constantFrom('Value', 'faultcode', 'Fault', 'R', 'Body'),
      fc.array(attribute, { maxLength: 2 }),
      fc.uniqueArray(declaration, { maxLength: 2, selector: (d) => d.prefix }),
      fc.array(tie('node'), { maxLength: 3 }),
      fc.boolean(),
    )
    .map(([u, p, local, attributes, namespaceDeclarations, children, noNs]) => {
      const element = newElement(u, p === 'xml' ? null : p, local, {
        attributes,
        namespaceDeclarations,
        children,
      });
      return noNs && p === null ? { ...element, namespaceURI: null } : element;
    }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    value.map((v) => newText(v)),
    tie('tree'),
  ),
}));

describe('findBodyInclusivePrefixes (reference)', () => {
  it('lists exactly what the closure-based formulation listed', () => {
    fc.assert(
      fc.property(tree, fc.array(tree, { minLength: 1, maxLength: 2 }), (body, ancestors) => {
        expect(findBodyInclusivePrefixes(body, ancestors)).toEqual(referencePrefixes(body, ancestors));
      }),
      { numRuns: 500 },
    );
  });
});
