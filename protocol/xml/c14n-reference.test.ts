/**
 * Differential test of the canonicalizer against its pre-H34 form (test-support/c14n-reference.ts):
 * the same text for whole documents and for every subtree, with and without comments, with
 * InclusiveNamespaces prefix lists, and for elements with many attributes and namespaces (the
 * sorted cases the H34 change touched).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from './c14n.ts';
import { parseXml } from './intake.ts';
import { findAncestorNamespaces } from './namespace-scope.ts';
import { referenceCanonicalize } from './test-support/c14n-reference.ts';
import { generatedDocumentArb, serializeGenerated } from './test-support/generated-document.ts';
import type { XmlElement } from './tree.ts';

function elementsOf(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const e = stack.pop() as XmlElement;
    out.push(e);
    for (const c of e.children) if (c.kind === 'element') stack.push(c);
  }
  return out;
}

const prefixListArb = fc.array(
  fc.constantFrom('#default', 'p', 'q', 'a', 'b', 'ns1', 'xml', 'zz', '\u00e9'),
  {
    maxLength: 5,
  },
);

describe('canonicalize against its reference', () => {
  it('the same text for documents and subtrees, any prefix list, with and without comments', () => {
    fc.assert(
      fc.property(
        generatedDocumentArb,
        prefixListArb,
        fc.boolean(),
        (generated, inclusivePrefixes, withComments) => {
          const doc = parseXml(serializeGenerated(generated));
          expect(canonicalize(doc, { withComments })).toBe(referenceCanonicalize(doc, { withComments }));
          for (const e of elementsOf(doc.root)) {
            const options = {
              withComments,
              inclusivePrefixes,
              ancestorNamespaces: findAncestorNamespaces(doc, e) ?? [],
            };
            expect(canonicalize(e, options)).toBe(referenceCanonicalize(e, options));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sorts many attributes and namespace declarations as before', () => {
    const names = ['b', 'a', 'p:b', 'q:a', 'p:a', '\u00e9', 'z', 'q:\u00e9', 'A', 'p:A'];
    fc.assert(
      fc.property(
        fc.shuffledSubarray(names),
        fc.shuffledSubarray(['r', 's', 'u', 'v', '\u00e9']),
        (attrs, extra) => {
          const decls = extra.map((p, k) => ` xmlns:${p}="urn:${(k * 7) % 3}"`).join('');
          const text = `<r xmlns:p="urn:p" xmlns:q="urn:q"${decls}><x ${attrs.map((a, k) => `${a}="${k}"`).join(' ')}/></r>`;
          const doc = parseXml(text);
          const x = doc.root.children[0] as XmlElement;
          const options = {
            inclusivePrefixes: [...extra, 'p', 'q'],
            ancestorNamespaces: doc.root.namespaceDeclarations,
          };
          expect(canonicalize(x, options)).toBe(referenceCanonicalize(x, options));
          expect(canonicalize(doc)).toBe(referenceCanonicalize(doc));
        },
      ),
      { numRuns: 300 },
    );
  });
});
