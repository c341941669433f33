/**
 * Differential tests of the intake parser against its pre-H34 form (test-support/parser-reference.ts):
 * for generated, mutated and hostile inputs, under random limits, both must build deep-equal
 * documents (every position included) with the same source spans, or throw the same
 * XmlIntakeError (code, message, position). The start-tag inputs stress what the H34 rewrite
 * touched: attribute and declaration bookkeeping, duplicate names, prefix resolution, the table
 * of qualified names shared across documents, and end-tag matching.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInput } from './decode.ts';
import { DEFAULT_INTAKE_LIMITS, parseXml, sourceSpanOf, XmlIntakeError } from './intake.ts';
import type { IntakeLimits } from './intake.ts';
import {
  generatedDocumentArb,
  mutatedDocumentArb,
  serializeGenerated,
  tokenSoupArb,
} from './test-support/generated-document.ts';
import { referenceParseDocument, referenceSourceSpanOf } from './test-support/parser-reference.ts';
import type { XmlDocument, XmlElement } from './tree.ts';

type Outcome =
  | { readonly ok: true; readonly doc: XmlDocument }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly position: unknown };

function outcome(run: () => XmlDocument): Outcome {
  try {
    return { ok: true, doc: run() };
  } catch (e) {
    if (!(e instanceof XmlIntakeError)) throw e;
    return { ok: false, code: e.code, message: e.message, position: e.position };
  }
}

function elementsOf(doc: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [doc.root];
  while (stack.length > 0) {
    const e = stack.pop() as XmlElement;
    out.push(e);
    for (const c of e.children) if (c.kind === 'element') stack.push(c);
  }
  return out;
}

function expectSameAsReference(input: string, limits: Partial<IntakeLimits> = {}): Outcome {
  const merged: IntakeLimits = { ...DEFAULT_INTAKE_LIMITS, ...limits };
  const actual = outcome(() => parseXml(input, { limits }));
  const expected = outcome(() => {
    const { text, start } = decodeInput(input, merged.maxBytes);
    return referenceParseDocument(text, start, merged);
  });
  expect(actual).toStrictEqual(expected);
  if (actual.ok && expected.ok) {
    const a = elementsOf(actual.doc);
    const b = elementsOf(expected.doc);
    expect(a.map(sourceSpanOf)).toStrictEqual(b.map(referenceSourceSpanOf));
  }
  return actual;
}

const NAMES = [
  'a',
  'b',
  'p:x',
  'q:x',
  'p:y',
  'x',
  'X',
  'xmlns',
  'xmlns:p',
  'xmlns:q',
  'xmlns:xml',
  'xml:lang',
];
const ODD_NAMES = [':x', 'x:', 'p::x', 'p:x:y', 'é:x', 'p:é', 'x\u0300', '1x', 'p:1', 'xmlns:', 'ns1:ns2'];
const URIS = ['urn:a', 'urn:b', '', 'http://www.w3.org/XML/1998/namespace', 'http://www.w3.org/2000/xmlns/'];

const attributeArb = fc.tuple(
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...NAMES) }, fc.constantFrom(...ODD_NAMES)),
  fc.oneof(fc.constantFrom(...URIS), fc.constantFrom('v', 'a&amp;b', 'x\ny', '&#x41;', '<', '&bad;')),
  fc.constantFrom('"', "'"),
  fc.constantFrom(' ', '  ', '\n', '\t', ''),
);

/** A start tag with attributes drawn from a small pool (so duplicates and clashes are common). */
const startTagArb = fc
  .tuple(
    fc.oneof(fc.constantFrom('e', 'p:e', 'q:e', 'xmlns:e', 'é', 'p:é'), fc.constantFrom(...ODD_NAMES)),
    fc.array(attributeArb, { maxLength: 12 }),
    fc.boolean(),
  )
  .map(([name, attrs, selfClosing]) => {
    let tag = '<' + name;
    for (const [n, v, q, sp] of attrs) tag += ' ' + sp + n + '=' + q + v.replaceAll(q, '') + q;
    return { name, tag: tag + (selfClosing ? '/>' : '>'), selfClosing };
  });

/** Nested start tags with matching, mismatching or missing end tags. */
const tagTreeArb = fc
  .tuple(fc.array(startTagArb, { minLength: 1, maxLength: 4 }), fc.nat({ max: 3 }))
  .map(([tags, endStyle]) => {
    let s = '<r xmlns:p="urn:a">';
    const open: string[] = [];
    for (const t of tags) {
      s += t.tag;
      if (!t.selfClosing) open.push(t.name);
    }
    for (const name of open.reverse())
      s += endStyle === 1 ? `</${name}x>` : endStyle === 2 ? `</ ${name}>` : `</${name}>`;
    return endStyle === 3 ? s : s + '</r>';
  });

const TOKENS = [
  '<',
  '>',
  '/',
  '</',
  '/>',
  '&',
  '=',
  '"',
  ' ',
  '\n',
  '\r\n',
  'a',
  'p:a',
  'xmlns',
  'xmlns:p',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '&amp;',
  '&#x',
  '<a>',
  '</a>',
  '<a/>',
  'é',
  '😀',
  '\uD800',
  '\u0000',
];
const soupArb = tokenSoupArb(TOKENS);
const mutatedArb = mutatedDocumentArb(TOKENS);

const limitsArb = fc.record(
  {
    maxDepth: fc.integer({ min: 0, max: 6 }),
    maxAttributesPerElement: fc.integer({ min: 0, max: 10 }),
    maxNamespaceDeclarations: fc.integer({ min: 0, max: 6 }),
    maxTextLength: fc.integer({ min: 0, max: 20 }),
    maxElements: fc.integer({ min: 0, max: 10 }),
  },
  { requiredKeys: [] },
);

describe('intake parser against its reference', () => {
  it('generated documents: the same tree, positions and source spans', () => {
    fc.assert(
      fc.property(generatedDocumentArb, (doc) => {
        expect(expectSameAsReference(serializeGenerated(doc)).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('start tags with pooled attributes: the same tree or the same error', () => {
    let refused = 0;
    fc.assert(
      fc.property(tagTreeArb, (s) => {
        if (!expectSameAsReference(s).ok) refused++;
      }),
      { numRuns: 3000 },
    );
    expect(refused).toBeGreaterThan(100);
  });

  it('mutated documents and token soups, under random limits', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedArb, soupArb, tagTreeArb), limitsArb, (s, limits) => {
        expectSameAsReference(s, limits);
      }),
      { numRuns: 3000 },
    );
  });

  it('names met before are read as they were the first time (shared qualified-name table)', () => {
    // Many distinct names force slot collisions; each document is checked after the table was
    // filled by the others, and a name whose first spelling was refused stays refused.
    const names = Array.from({ length: 3000 }, (_, k) =>
      k % 3 === 0 ? `p:n${k}` : k % 3 === 1 ? `n${k}` : `p:n${k}:z`,
    );
    for (let round = 0; round < 2; round++)
      for (const n of names) {
        const attr = n.replace(/^p:/, 'p:a');
        expectSameAsReference(`<p:r xmlns:p="urn:p"><${n} ${attr}="1"/></p:r>`);
      }
  });

  it('many attributes (the set-based duplicate check) and their duplicates', () => {
    const attrs = Array.from({ length: 20 }, (_, k) => `a${k}="${k}"`);
    expectSameAsReference(`<r ${attrs.join(' ')}/>`);
    expectSameAsReference(`<r ${attrs.join(' ')} a3="x"/>`);
    expectSameAsReference(`<r xmlns:p="urn:p" ${attrs.join(' ')} xmlns:p="urn:q"/>`);
    expectSameAsReference(`<r ${attrs.join(' ')} xmlns="urn:a" xmlns="urn:b"/>`);
    expectSameAsReference(`<r xmlns:p="urn:p" xmlns:q="urn:p" ${attrs.join(' ')} p:x="1" q:x="2"/>`);
  });
});
