import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from './intake.ts';
import {
  rawElementArb,
  prefixOptionsArb,
  writerElementArb,
  writerOptionsArb,
} from './test-support/writer-arbitraries.ts';
import { writeXml as writeXmlReference } from './test-support/writer-reference.ts';
import type { XmlElement, XmlNamespaceDeclaration, XmlNode } from './tree.ts';
import {
  buildXmlTree,
  buildXmlTreeWithText,
  element,
  writeXml,
  writeXmlFragment,
  XmlWriteError,
  type WriterElement,
} from './writer.ts';

type Outcome = { text: string } | { error: string };

function outcome(fn: () => string): Outcome {
  try {
    return { text: fn() };
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    if (typeof err.code !== 'string') throw e;
    return { error: `${err.code}: ${String(err.message)}` };
  }
}

/** A tree without positions (the parser's are real, the builder's are zero). */
function strip(node: XmlNode): unknown {
  if (node.kind === 'text') return { kind: 'text', value: node.value, cdata: node.cdata };
  if (node.kind === 'comment') return { kind: 'comment', value: node.value };
  return {
    kind: 'element',
    name: node.name,
    prefix: node.prefix,
    localName: node.localName,
    namespaceURI: node.namespaceURI,
    attributes: node.attributes.map((a) => ({
      name: a.name,
      prefix: a.prefix,
      localName: a.localName,
      namespaceURI: a.namespaceURI,
      value: a.value,
    })),
    namespaceDeclarations: node.namespaceDeclarations.map((d) => ({ prefix: d.prefix, uri: d.uri })),
    children: node.children.map(strip),
  };
}

describe('writeXml against the previous implementation', () => {
  it('writes byte-identical text, or fails with the same error (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(writerElementArb, rawElementArb as fc.Arbitrary<WriterElement | XmlElement>),
        writerOptionsArb,
        (root, options) => {
          expect(outcome(() => writeXml(root, options))).toEqual(
            outcome(() => writeXmlReference(root, options)),
          );
        },
      ),
      { numRuns: 600 },
    );
  });

  it('still refuses an invalid name after valid names were remembered', () => {
    for (let i = 0; i < 3; i++) writeXml(element('urn:x', 'good', [element(null, 'fine')]));
    expect(() => writeXml(element(null, 'go od'))).toThrow(XmlWriteError);
    expect(() => writeXml(element(null, 'good', [element(null, '9fine')]))).toThrow(/invalid XML name/);
  });
});

describe('buildXmlTree', () => {
  it('gives the tree the written text parses to, or null, or the writer error (property)', () => {
    let built = 0;
    let rewritable = 0;
    let runs = 0; // trees writeXml accepts
    fc.assert(
      fc.property(writerElementArb, prefixOptionsArb, (root, options) => {
        const text = outcome(() => writeXml(root, options));
        if ('error' in text) {
          // The same error, or null when the builder gave up first (the caller's text path then
          // meets the error itself).
          const tree = outcome(() => JSON.stringify(buildXmlTree(root, options)));
          if (!('text' in tree && tree.text === 'null')) expect(tree).toEqual(text);
          return;
        }
        runs++;
        const tree = buildXmlTree(root, options);
        const withText = buildXmlTreeWithText(root, options);
        expect(withText === null).toBe(tree === null);
        if (tree === null) return;
        built++;
        expect(strip(tree)).toEqual(strip(parseXml(text.text).root));
        // The text written alongside the tree is writeXml's text.
        expect(withText?.text).toBe(text.text);
        expect(strip(withText?.tree as XmlElement)).toEqual(strip(tree));
        if (withText?.rewritesAsText === true) {
          rewritable++;
          expect(writeXml(withText.tree)).toBe(text.text);
        } else expect(writeXml(withText?.tree as XmlElement)).not.toBe(text.text);
      }),
      { numRuns: 600 },
    );
    // The fast path must be the common case among writable trees, not a corner never reached.
    expect(built).toBeGreaterThan(runs / 3);
    expect(rewritable).toBeGreaterThan(built / 3);
  });

  it('gives up where the parser would refuse the text or read it differently', () => {
    const deep = Array.from({ length: 70 }).reduce<WriterElement>(
      (inner) => element(null, 'd', [inner]),
      element(null, 'd'),
    );
    expect(() => parseXml(writeXml(deep))).toThrow(/deeper/);
    expect(buildXmlTree(deep)).toBeNull();
    // An unprefixed attribute named xmlns is a declaration to the parser.
    const xmlnsAttribute: WriterElement = {
      ...element(null, 'r'),
      attributes: [{ namespaceURI: null, localName: 'xmlns', value: 'urn:x' }],
    };
    expect(buildXmlTree(xmlnsAttribute)).toBeNull();
    // A preferred prefix the parser refuses to see declared.
    expect(buildXmlTree(element('urn:x', 'r'), { prefixes: { 'urn:x': 'xmlns' } })).toBeNull();
    // A name the writer accepts but XML 1.0 does not (U+00B2 is a digit to Unicode, not a NameChar).
    const superscript = element(null, 'a\u00B2');
    expect(() => parseXml(writeXml(superscript))).toThrow();
    expect(buildXmlTree(superscript)).toBeNull();
    // Text long enough that the parser's text limit comes within reach.
    expect(buildXmlTree(element(null, 'r', ['x'.repeat(64 * 1024)]))).toBeNull();
    expect(buildXmlTree(element(null, 'r', ['x'.repeat(1024)]))).not.toBeNull();
  });
});

describe('writeXmlFragment', () => {
  const scopeArb: fc.Arbitrary<XmlNamespaceDeclaration[]> = fc.uniqueArray(
    fc.record({
      prefix: fc.constantFrom(null, 'a', 'b', 'soap', 'wsu', 'é'),
      uri: fc.constantFrom(
        'http://example.com/a',
        'urn:example:b',
        'http://schemas.xmlsoap.org/soap/envelope/',
      ),
    }),
    { selector: (d) => d.prefix, maxLength: 3 },
  );

  it('writes a subtree as writeXml writes it inside ancestors with those declarations (property)', () => {
    fc.assert(
      fc.property(rawElementArb, scopeArb, (raw, inScope) => {
        const defaultNs = inScope.find((d) => d.prefix === null)?.uri ?? null;
        const host: XmlElement = {
          kind: 'element',
          name: 'h',
          prefix: null,
          localName: 'h',
          namespaceURI: defaultNs,
          attributes: [],
          namespaceDeclarations: inScope,
          children: [raw],
          position: raw.position,
        };
        const whole = writeXml(host);
        const open = whole.indexOf('>') + 1;
        expect(whole.slice(open, whole.length - '</h>'.length)).toBe(writeXmlFragment(raw, inScope));
      }),
      { numRuns: 300 },
    );
  });
});
