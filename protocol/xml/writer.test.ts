import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areXmlEquivalent } from './equivalence.ts';
import { parseXml } from './intake.ts';
import { XmlWriteError, attribute, element, isXmlText, textElement, writeXml } from './writer.ts';

const A = 'urn:example:a';
const B = 'urn:example:b';

describe('writeXml', () => {
  it('declares preferred prefixes once on the root, in first-use order', () => {
    const doc = element(
      A,
      'root',
      [textElement(B, 'child', 'x'), element(A, 'empty')],
      [attribute(B, 'flag', '1')],
    );
    expect(writeXml(doc, { prefixes: { [A]: 'a', [B]: 'b' } })).toBe(
      '<a:root xmlns:a="urn:example:a" xmlns:b="urn:example:b" b:flag="1"><b:child>x</b:child><a:empty/></a:root>',
    );
  });

  it('invents prefixes for namespaces without a preferred one', () => {
    const xml = writeXml(element(A, 'root', [element(B, 'c')]));
    expect(xml).toBe('<ns1:root xmlns:ns1="urn:example:a" xmlns:ns2="urn:example:b"><ns2:c/></ns1:root>');
  });

  it('uses a default namespace for elements but a prefix for attributes', () => {
    const doc = element(A, 'root', [
      element(A, 'c', [], [attribute(A, 'any', 'true')]),
      element(null, 'plain'),
    ]);
    const xml = writeXml(doc, { defaultNamespace: A, prefixes: { [A]: 'a' } });
    expect(xml).toBe(
      '<root xmlns="urn:example:a" xmlns:a="urn:example:a"><c a:any="true"/><plain xmlns=""/></root>',
    );
    const tree = parseXml(xml).root;
    expect(tree.children[0]).toMatchObject({ namespaceURI: A, localName: 'c' });
    expect(tree.children[1]).toMatchObject({ namespaceURI: null, localName: 'plain' });
  });

  it('escapes text and attribute values so they read back unchanged', () => {
    const nasty = 'a&b<c>d"e\'f]]>g\r\nh\ti \u{1F511}';
    const xml = writeXml(element(null, 'r', [nasty], [attribute(null, 'v', nasty)]));
    const tree = parseXml(xml).root;
    expect(tree.attributes[0]!.value).toBe(nasty);
    expect(tree.children[0]).toMatchObject({ kind: 'text', value: nasty });
  });

  it('round-trips arbitrary XML text through text and attributes (property)', () => {
    const xmlChar = fc.oneof(
      fc.integer({ min: 0x20, max: 0xd7ff }),
      fc.constantFrom(0x9, 0xa, 0xd),
      fc.integer({ min: 0xe000, max: 0xfffd }),
      fc.integer({ min: 0x10000, max: 0x10ffff }),
    );
    fc.assert(
      fc.property(fc.array(xmlChar, { maxLength: 30 }), (codes) => {
        const s = String.fromCodePoint(...codes);
        const tree = parseXml(writeXml(element(null, 'r', [s], [attribute(null, 'v', s)]))).root;
        expect(tree.attributes[0]!.value).toBe(s);
        expect(tree.children.map((c) => (c.kind === 'text' ? c.value : '')).join('')).toBe(s);
      }),
    );
  });

  it('refuses characters and names XML cannot carry', () => {
    expect(() => writeXml(element(null, 'r', ['a\u0000b']))).toThrow(XmlWriteError);
    expect(() => writeXml(element(null, 'r', ['\uD800']))).toThrow(/U\+D800/);
    expect(() => writeXml(element(null, 'r', [], [attribute(null, 'v', '\uFFFF')]))).toThrow(XmlWriteError);
    expect(() => writeXml(element(null, '1bad'))).toThrow(/invalid XML name/);
    expect(() => writeXml(element(null, 'a:b'))).toThrow(/invalid XML name/);
    expect(isXmlText('ok \u{10FFFF}')).toBe(true);
    expect(isXmlText('\u{DC00}x')).toBe(false);
  });

  it('indents element-only content only', () => {
    const doc = element(A, 'root', [element(A, 'a', ['text']), element(A, 'b', [element(A, 'c')])]);
    expect(writeXml(doc, { prefixes: { [A]: 'a' }, indent: '  ', xmlDeclaration: true })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a:root xmlns:a="urn:example:a">\n  <a:a>text</a:a>\n  <a:b>\n    <a:c/>\n  </a:b>\n</a:root>',
    );
  });

  it('writes raw subtrees with their own prefixes and the declarations they need', () => {
    const raw = parseXml(
      '<x:outer xmlns:x="urn:example:b" xmlns:q="urn:example:q" x:at="1"><inner xmlns="urn:example:d"><x:leaf q:z="2">t</x:leaf><!--c--><bare xmlns=""/></inner></x:outer>',
    ).root;
    const xml = writeXml(element(A, 'host', [raw]), { prefixes: { [A]: 'x' } });
    // The host's x (urn:example:a) is shadowed inside the raw subtree by x = urn:example:b.
    expect(xml).toContain('<x:host xmlns:x="urn:example:a"><x:outer xmlns:x="urn:example:b"');
    const back = parseXml(xml).root.children[0];
    expect(back?.kind === 'element' && areXmlEquivalent(back, raw)).toBe(true);
    expect(xml).toContain('<!--c-->');
  });

  it('declares a raw subtree namespace where the surrounding scope lacks it', () => {
    const raw = parseXml('<p:a xmlns:p="urn:example:p"><p:b/></p:a>').root;
    const stripped = { ...raw, namespaceDeclarations: [] };
    const xml = writeXml(element(null, 'host', [stripped]));
    expect(xml).toBe('<host><p:a xmlns:p="urn:example:p"><p:b/></p:a></host>');
  });

  it('refuses a comment that would end early', () => {
    const raw = parseXml('<a><!--x--></a>').root;
    const bad = { ...raw, children: [{ kind: 'comment' as const, value: 'a--b', position: raw.position }] };
    expect(() => writeXml(bad)).toThrow(/comment/);
  });
});

describe('writeXml prefix conflicts', () => {
  it('never re-binds a prefix that the same start tag already uses', () => {
    const el = {
      kind: 'element' as const,
      name: 'x:e',
      prefix: 'x',
      localName: 'e',
      namespaceURI: A,
      attributes: [
        {
          name: 'x:a',
          prefix: 'x',
          localName: 'a',
          namespaceURI: B,
          value: '1',
          position: { line: 1, column: 1, offset: 0 },
        },
      ],
      namespaceDeclarations: [],
      children: [],
      position: { line: 1, column: 1, offset: 0 },
    };
    // x is bound to A by the parent, so the child's own name uses x without declaring it here.
    const parent = { ...parseXml('<x:p xmlns:x="urn:example:a"/>').root, children: [el] };
    const xml = writeXml(parent);
    const back = parseXml(xml).root.children[0] as typeof el;
    expect(back.namespaceURI).toBe(A);
    expect(back.attributes[0]).toMatchObject({ namespaceURI: B, localName: 'a', value: '1' });
  });
});
