import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SksmlError } from '../errors/sksml-error.ts';
import { DEFAULT_INTAKE_LIMITS, parseXml, XmlIntakeError } from './intake.ts';
import type { IntakeLimits } from './intake.ts';
import { XML_INTAKE_CODES } from './intake-error.ts';
import type { XmlElement, XmlText } from './tree.ts';
import { childElements, findAttribute } from './tree.ts';

function failure(input: string | Uint8Array, limits?: Partial<IntakeLimits>): XmlIntakeError {
  try {
    parseXml(input, limits ? { limits } : {});
  } catch (e) {
    if (e instanceof XmlIntakeError) return e;
    throw e;
  }
  throw new Error(`accepted: ${typeof input === 'string' ? JSON.stringify(input) : 'bytes'}`);
}

function expectCode(
  input: string | Uint8Array,
  code: string,
  line?: number,
  column?: number,
): XmlIntakeError {
  const e = failure(input);
  expect(e.code, e.message).toBe(code);
  if (line !== undefined) expect(e.position?.line, e.message).toBe(line);
  if (column !== undefined) expect(e.position?.column, e.message).toBe(column);
  return e;
}

describe('parseXml: accepted documents', () => {
  it('builds the tree with namespaces, attributes, text, CDATA and comments', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<!-- before -->\n' +
        '<s:Envelope xmlns:s="urn:s" xmlns="urn:d" a="1" s:b="2">\n' +
        '  <Body>t &lt;&#x41;&#66;&amp;<![CDATA[<raw>&amp;]]><!-- in --></Body>\n' +
        '</s:Envelope>\n<!-- after -->\n',
    );
    expect(doc.declaration).toEqual({ version: '1.0', encoding: 'UTF-8', standalone: true });
    expect(doc.prolog.map((c) => c.value)).toEqual([' before ']);
    expect(doc.epilog.map((c) => c.value)).toEqual([' after ']);
    const root = doc.root;
    expect(root).toMatchObject({
      name: 's:Envelope',
      prefix: 's',
      localName: 'Envelope',
      namespaceURI: 'urn:s',
    });
    expect(root.namespaceDeclarations).toEqual([
      { prefix: 's', uri: 'urn:s' },
      { prefix: null, uri: 'urn:d' },
    ]);
    expect(root.attributes.map((a) => [a.name, a.namespaceURI, a.value])).toEqual([
      ['a', null, '1'],
      ['s:b', 'urn:s', '2'],
    ]);
    const body = childElements(root)[0] as XmlElement;
    expect(body).toMatchObject({ name: 'Body', prefix: null, namespaceURI: 'urn:d' });
    expect(
      body.children.map((c) => [c.kind, c.kind === 'text' ? c.cdata : null, 'value' in c ? c.value : '']),
    ).toEqual([
      ['text', false, 't <AB&'],
      ['text', true, '<raw>&amp;'],
      ['comment', null, ' in '],
    ]);
  });

  it('puts a position (line, column, offset) on every node', () => {
    const src = '<a>\r\n  <b x="1"\n     y="2">text</b>\r<!--c--></a>';
    const root = parseXml(src).root;
    expect(root.position).toEqual({ line: 1, column: 1, offset: 0 });
    const b = childElements(root)[0] as XmlElement;
    expect(b.position).toEqual({ line: 2, column: 3, offset: src.indexOf('<b') });
    expect(findAttribute(b, null, 'x')?.position).toEqual({ line: 2, column: 6, offset: src.indexOf('x=') });
    expect(findAttribute(b, null, 'y')?.position).toEqual({ line: 3, column: 6, offset: src.indexOf('y=') });
    expect(b.children[0]?.position).toEqual({ line: 3, column: 12, offset: src.indexOf('text') });
    expect(root.children[0]?.position).toEqual({ line: 1, column: 4, offset: 3 });
    expect(root.children[2]?.position).toEqual({ line: 3, column: 20, offset: src.indexOf('\r<!--') });
    expect(root.children[3]?.position).toEqual({ line: 4, column: 1, offset: src.indexOf('<!--') });
  });

  it('counts columns after a UTF-8 byte order mark from the first real character', () => {
    const doc = parseXml(new TextEncoder().encode('\uFEFF<a><b/></a>'));
    expect(doc.root.position).toMatchObject({ line: 1, column: 1 });
    expect(childElements(doc.root)[0]?.position).toMatchObject({ line: 1, column: 4 });
    expect(parseXml('\uFEFF<a/>').root.name).toBe('a');
  });

  it('normalizes CRLF and CR to LF in text, CDATA and comments', () => {
    const root = parseXml('<a>x\r\ny\rz<![CDATA[p\r\nq\rr]]><!--m\r\nn--></a>').root;
    expect(root.children.map((c) => ('value' in c ? c.value : ''))).toEqual(['x\ny\nz', 'p\nq\nr', 'm\nn']);
    expect((root.children[0] as XmlText).value).not.toContain('\r');
  });

  it('keeps character references to CR in text (they are not line ends)', () => {
    expect((parseXml('<a>x&#13;&#xD;\r\ny</a>').root.children[0] as XmlText).value).toBe('x\r\r\ny');
  });

  it('normalizes attribute values per XML 1.0 §3.3.3 (CDATA type) and keeps character references', () => {
    const root = parseXml(
      '<a v=" a\tb\nc\r\nd\re " r="&#9;&#10;&#13;&#x20;" m="x&amp;y&lt;&gt;&quot;&apos;"/>',
    ).root;
    expect(findAttribute(root, null, 'v')?.value).toBe(' a b c d e ');
    expect(findAttribute(root, null, 'r')?.value).toBe('\t\n\r ');
    expect(findAttribute(root, null, 'm')?.value).toBe('x&y<>"\'');
  });

  it('accepts > and ]]> inside attribute values and single-quoted values with "', () => {
    const root = parseXml(`<a x="]]>" y='say "hi"'/>`).root;
    expect(root.attributes.map((a) => a.value)).toEqual([']]>', 'say "hi"']);
  });

  it('accepts supplementary characters in text, names and references', () => {
    const root = parseXml('<\u{10000}a \u{1F600}="&#x1F600;">\u{1F600}&#128512;</\u{10000}a>').root;
    expect(root.name).toBe('\u{10000}a');
    expect(root.attributes[0]?.value).toBe('\u{1F600}');
    expect((root.children[0] as XmlText).value).toBe('\u{1F600}\u{1F600}');
  });

  it('scopes namespace declarations and handles xmlns="" and the xml prefix', () => {
    const root = parseXml(
      '<a xmlns="urn:d" xmlns:p="urn:p"><b xmlns="" p:x="1" xml:lang="en"><p:c xmlns:p="urn:q"/></b><p:d/></a>',
    ).root;
    const [b, d] = childElements(root) as [XmlElement, XmlElement];
    expect(b.namespaceURI).toBeNull();
    expect(b.namespaceDeclarations).toEqual([{ prefix: null, uri: '' }]);
    expect(b.attributes.map((a) => a.namespaceURI)).toEqual([
      'urn:p',
      'http://www.w3.org/XML/1998/namespace',
    ]);
    expect(childElements(b)[0]?.namespaceURI).toBe('urn:q');
    expect(d.namespaceURI).toBe('urn:p');
    expect(
      parseXml('<a xmlns:xml="http://www.w3.org/XML/1998/namespace"/>').root.namespaceDeclarations,
    ).toHaveLength(1);
  });

  it('accepts white space and comments around the root, and whitespace-only content', () => {
    const doc = parseXml(' \n<!--x-->\t<a>  </a>\n<!--y-->  \n');
    expect(doc.prolog).toHaveLength(1);
    expect(doc.root.children).toEqual([expect.objectContaining({ kind: 'text', value: '  ' })]);
  });

  it('accepts end tags with trailing white space and empty CDATA (which adds no node)', () => {
    expect(parseXml('<a><![CDATA[]]></a \n>').root.children).toEqual([]);
  });

  it('accepts limits exactly at the boundary', () => {
    const limits = {
      maxDepth: 3,
      maxAttributesPerElement: 2,
      maxTextLength: 3,
      maxElements: 3,
      maxNamespaceDeclarations: 1,
    };
    expect(() => parseXml('<a xmlns="u" b="123"><c><d>abc</d></c></a>', { limits })).not.toThrow();
    expect(() => parseXml('<a/>', { limits: { maxBytes: 4 } })).not.toThrow();
    expect(() => parseXml(new TextEncoder().encode('<a/>'), { limits: { maxBytes: 4 } })).not.toThrow();
  });

  it('has documented defaults, including the element count limit', () => {
    expect(DEFAULT_INTAKE_LIMITS).toEqual({
      maxBytes: 1024 * 1024,
      maxDepth: 64,
      maxAttributesPerElement: 32,
      maxNamespaceDeclarations: 128,
      maxTextLength: 256 * 1024,
      maxElements: 20_000,
    });
  });
});

describe('parseXml: rejected documents carry a stable code and a position', () => {
  it('empty input, white space only, a lone BOM, comments only', () => {
    expectCode('', 'XML_EMPTY');
    expectCode(new Uint8Array(0), 'XML_EMPTY');
    expectCode('  \n ', 'XML_EMPTY', 2, 2);
    expectCode(new Uint8Array([0xef, 0xbb, 0xbf]), 'XML_EMPTY');
    expectCode('<?xml version="1.0"?><!-- nothing -->', 'XML_EMPTY');
  });

  it('DOCTYPE and other DTD declarations, anywhere', () => {
    expectCode('<!DOCTYPE a><a/>', 'XML_DOCTYPE_FORBIDDEN', 1, 1);
    expectCode('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]><a/>', 'XML_DOCTYPE_FORBIDDEN', 2, 1);
    expectCode('<a><!DOCTYPE a></a>', 'XML_DOCTYPE_FORBIDDEN', 1, 4);
    expectCode('<a><!ENTITY x "y"></a>', 'XML_DOCTYPE_FORBIDDEN');
    expectCode('<!doctype a><a/>', 'XML_DOCTYPE_FORBIDDEN');
    expectCode('<a><!FOO></a>', 'XML_MALFORMED');
  });

  it('entity references other than the predefined five', () => {
    expectCode('<a>x &nbsp; y</a>', 'XML_ENTITY_FORBIDDEN', 1, 6);
    expectCode('<a b="&ext;"/>', 'XML_ENTITY_FORBIDDEN', 1, 7);
    expectCode('<a>&AMP;</a>', 'XML_ENTITY_FORBIDDEN');
    expectCode('<a>&amp</a>', 'XML_MALFORMED');
    expectCode('<a>a & b</a>', 'XML_MALFORMED', 1, 6);
    expectCode('<a>&;</a>', 'XML_MALFORMED');
  });

  it('character references must name legal XML characters', () => {
    for (const ref of [
      '&#0;',
      '&#x0;',
      '&#1;',
      '&#xFFFE;',
      '&#xD800;',
      '&#x110000;',
      '&#99999999999999999999;',
    ])
      expectCode(`<a>${ref}</a>`, 'XML_INVALID_CHARACTER', 1, 4);
    expectCode('<a b="&#x1B;"/>', 'XML_INVALID_CHARACTER');
    for (const ref of ['&#;', '&#x;', '&#x1G;', '&#12', '&#-1;', '&#X41;'])
      expectCode(`<a>${ref}</a>`, 'XML_MALFORMED', 1, 4);
  });

  it('processing instructions, and a declaration anywhere but at the very start', () => {
    expectCode('<?php echo 1; ?><a/>', 'XML_PI_FORBIDDEN', 1, 1);
    expectCode('<a><?pi x?></a>', 'XML_PI_FORBIDDEN', 1, 4);
    expectCode('<a/><?xml-stylesheet href="x"?>', 'XML_PI_FORBIDDEN');
    expectCode(' <?xml version="1.0"?><a/>', 'XML_PI_FORBIDDEN', 1, 2);
    expectCode('<!--x--><?xml version="1.0"?><a/>', 'XML_PI_FORBIDDEN');
    expectCode('<a><?xml version="1.0"?></a>', 'XML_PI_FORBIDDEN');
  });

  it('malformed XML declarations', () => {
    expectCode('<?xml?><a/>', 'XML_MALFORMED', 1, 1);
    expectCode('<?xml encoding="UTF-8" version="1.0"?><a/>', 'XML_MALFORMED');
    expectCode('<?xml version="1.1"?><a/>', 'XML_MALFORMED');
    expectCode('<?xml version="1.0" standalone="maybe"?><a/>', 'XML_MALFORMED');
    expectCode('<?xml version="1.0"', 'XML_MALFORMED');
  });

  it('more than one root, and text outside the root', () => {
    expectCode('<a/><b/>', 'XML_MULTIPLE_ROOTS', 1, 5);
    expectCode('<a></a>\n<a></a>', 'XML_MULTIPLE_ROOTS', 2, 1);
    expectCode('x<a/>', 'XML_TEXT_OUTSIDE_ROOT', 1, 1);
    expectCode('<a/>\n  junk', 'XML_TEXT_OUTSIDE_ROOT', 2, 3);
    expectCode('<a/>&amp;', 'XML_TEXT_OUTSIDE_ROOT');
    expectCode('<![CDATA[x]]><a/>', 'XML_TEXT_OUTSIDE_ROOT');
    expectCode('\u00A0<a/>', 'XML_TEXT_OUTSIDE_ROOT');
  });

  it('encodings other than UTF-8', () => {
    expectCode('<?xml version="1.0" encoding="ISO-8859-1"?><a/>', 'XML_ENCODING_UNSUPPORTED', 1, 1);
    expectCode("<?xml version='1.0' encoding='UTF-16'?><a/>", 'XML_ENCODING_UNSUPPORTED');
    expectCode('<?xml version="1.0" encoding="UTF8"?><a/>', 'XML_ENCODING_UNSUPPORTED');
    expect(parseXml('<?xml version="1.0" encoding="utf-8"?><a/>').declaration?.encoding).toBe('utf-8');
    const utf16le = new Uint8Array([0xff, 0xfe, ...Buffer.from('<a/>', 'utf16le')]);
    const utf16be = new Uint8Array([0xfe, 0xff, ...Buffer.from('<a/>', 'utf16le').swap16()]);
    expectCode(utf16le, 'XML_ENCODING_UNSUPPORTED');
    expectCode(utf16be, 'XML_ENCODING_UNSUPPORTED');
    expectCode(new Uint8Array(Buffer.from('<a/>', 'utf16le')), 'XML_ENCODING_UNSUPPORTED');
    expectCode(new Uint8Array(Buffer.from('<a/>', 'utf16le').swap16()), 'XML_ENCODING_UNSUPPORTED');
    expectCode(new Uint8Array([0x00, 0x00, 0xfe, 0xff, 0, 0, 0, 0x3c]), 'XML_ENCODING_UNSUPPORTED');
    expectCode(new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x3c, 0, 0, 0]), 'XML_ENCODING_UNSUPPORTED');
  });

  it('invalid UTF-8 byte sequences, located', () => {
    const bytes = (s: string, bad: number[]): Uint8Array => new Uint8Array([...Buffer.from(s), ...bad, 0x3e]);
    const e = expectCode(bytes('<a>\n  x', [0xff]), 'XML_ENCODING_UNSUPPORTED', 2, 4);
    expect(e.message).toContain('byte 7');
    for (const bad of [
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
      [0xf8],
    ])
      expectCode(bytes('<a>', bad), 'XML_ENCODING_UNSUPPORTED', 1, 4);
    expectCode(new Uint8Array([0x3c, 0x61, 0x3e, 0xe2, 0x82]), 'XML_ENCODING_UNSUPPORTED', 1, 4);
  });

  it('characters XML 1.0 does not allow, including unpaired surrogates', () => {
    expectCode('<a>\u0001</a>', 'XML_INVALID_CHARACTER', 1, 4);
    expectCode('<a>\n\n  \uFFFF</a>', 'XML_INVALID_CHARACTER', 3, 3);
    expectCode('<a b="\u0000"/>', 'XML_INVALID_CHARACTER');
    expectCode('<a>\uD800</a>', 'XML_INVALID_CHARACTER', 1, 4);
    expectCode('<a>\uDC00x</a>', 'XML_INVALID_CHARACTER');
    expectCode('<a><!--\u001F--></a>', 'XML_INVALID_CHARACTER');
  });

  it('malformed markup', () => {
    expectCode('<a><b></a></b>', 'XML_MALFORMED', 1, 7);
    expectCode('<a>', 'XML_MALFORMED');
    expectCode('</a>', 'XML_MALFORMED', 1, 1);
    expectCode('<a></a', 'XML_MALFORMED');
    expectCode('<a></>', 'XML_MALFORMED');
    expectCode('<1a/>', 'XML_MALFORMED');
    expectCode('<a b/>', 'XML_MALFORMED');
    expectCode('<a b=1/>', 'XML_MALFORMED');
    expectCode('<a b="1"c="2"/>', 'XML_MALFORMED');
    expectCode('<a b="1', 'XML_MALFORMED');
    expectCode('<a x="a<b"/>', 'XML_MALFORMED', 1, 8);
    expectCode('<a>x]]>y</a>', 'XML_MALFORMED', 1, 5);
    expectCode('<a><!-- a -- b --></a>', 'XML_MALFORMED');
    expectCode('<a><!-- a ---></a>', 'XML_MALFORMED');
    expectCode('<a><!-- open</a>', 'XML_MALFORMED');
    expectCode('<a><![CDATA[open</a>', 'XML_MALFORMED');
    expectCode('<a><</a>', 'XML_MALFORMED');
    expectCode('<a / >', 'XML_MALFORMED');
  });

  it('duplicate attributes, by name and by namespace + local name', () => {
    expectCode('<a x="1" x="2"/>', 'XML_DUPLICATE_ATTRIBUTE', 1, 10);
    expectCode('<a xmlns:p="urn:x" xmlns:q="urn:x" p:y="1" q:y="2"/>', 'XML_DUPLICATE_ATTRIBUTE', 1, 44);
    expectCode('<a xmlns:p="urn:x" xmlns:p="urn:y"/>', 'XML_DUPLICATE_ATTRIBUTE');
    expectCode('<a xmlns="urn:x" xmlns="urn:x"/>', 'XML_DUPLICATE_ATTRIBUTE');
    expectCode(
      '<a a="1" b="1" c="1" d="1" e="1" f="1" g="1" h="1" i="1" j="1" c="2"/>',
      'XML_DUPLICATE_ATTRIBUTE',
    );
    // Same local name in different namespaces, or prefixed vs unprefixed, is fine.
    expect(() => parseXml('<a xmlns:p="urn:x" xmlns:q="urn:y" p:y="1" q:y="2" y="3"/>')).not.toThrow();
  });

  it('namespace errors', () => {
    expectCode('<p:a/>', 'XML_NAMESPACE_ERROR', 1, 1);
    expectCode('<a p:b="1"/>', 'XML_NAMESPACE_ERROR', 1, 4);
    expectCode('<a><p:b xmlns:q="urn:q"/></a>', 'XML_NAMESPACE_ERROR', 1, 4);
    expectCode('<a><b xmlns:p="urn:p"/><p:c/></a>', 'XML_NAMESPACE_ERROR', 1, 24); // scope ended with <b/>
    expectCode('<a xmlns:xml="urn:other"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns:x="http://www.w3.org/XML/1998/namespace"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns:xmlns="urn:x"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns:x="http://www.w3.org/2000/xmlns/"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns="http://www.w3.org/2000/xmlns/"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns="http://www.w3.org/XML/1998/namespace"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns:p=""/>', 'XML_NAMESPACE_ERROR');
    expectCode('<xmlns:a/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a:b:c xmlns:a="urn:a"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<:a/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a: xmlns:a="urn:a"/>', 'XML_NAMESPACE_ERROR');
    expectCode('<a xmlns:="urn:a"/>', 'XML_NAMESPACE_ERROR');
  });
});

describe('XmlIntakeError', () => {
  it('is an SksmlError whose code is one of the documented intake codes', () => {
    const e = failure('<a>&x;</a>');
    expect(e).toBeInstanceOf(SksmlError);
    expect(e.name).toBe('XmlIntakeError');
    expect(XML_INTAKE_CODES).toContain(e.code);
    expect(e.message).toMatch(/\(line 1, column 4\)$/);
  });

  it('every code is documented in spec/error-codes.md, section "XML intake"', () => {
    const md = readFileSync(new URL('../../spec/error-codes.md', import.meta.url), 'utf8');
    const start = md.indexOf('## XML intake');
    expect(start).toBeGreaterThanOrEqual(0);
    const next = md.indexOf('\n## ', start + 1);
    const section = md.slice(start, next === -1 ? undefined : next);
    for (const code of XML_INTAKE_CODES) expect(section, code).toContain(`\`${code}\``);
  });
});
