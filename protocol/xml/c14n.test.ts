import { DOMParser } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, ExclusiveCanonicalizationWithComments } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize, compareCodePoints } from './c14n.ts';
import { parseXml } from './intake.ts';
import { findAncestorNamespaces } from './namespace-scope.ts';
import type { XmlElement } from './tree.ts';
import { childElements } from './tree.ts';

function element(doc: { root: XmlElement }, ...path: number[]): XmlElement {
  let e = doc.root;
  for (const i of path) e = childElements(e)[i] as XmlElement;
  return e;
}

describe('canonicalize (exc-c14n 1.0)', () => {
  it('writes start and end tags for empty elements, drops the declaration, sorts attributes', () => {
    const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a z="1" b="2" xmlns:q="urn:q" q:a="3"/>');
    expect(canonicalize(doc)).toBe('<a xmlns:q="urn:q" b="2" z="1" q:a="3"></a>');
  });

  it('sorts attributes by namespace URI then local name (not by prefix or qualified name)', () => {
    const doc = parseXml('<a xmlns:z="urn:a" xmlns:y="urn:b" y:a="1" z:b="2" c="3" z:a="4" b="5"/>');
    expect(canonicalize(doc)).toBe(
      '<a xmlns:y="urn:b" xmlns:z="urn:a" b="5" c="3" z:a="4" z:b="2" y:a="1"></a>',
    );
  });

  it('escapes text (& < > CR) and attribute values (& < " TAB LF CR)', () => {
    const doc = parseXml('<a v="&amp;&lt;&gt;&quot;\'&#9;&#10;&#13;">&amp;&lt;&gt;"\'&#13;&#9;</a>');
    expect(canonicalize(doc)).toBe('<a v="&amp;&lt;>&quot;\'&#x9;&#xA;&#xD;">&amp;&lt;&gt;"\'&#xD;\t</a>');
  });

  it('turns CDATA into escaped text and normalizes line ends', () => {
    expect(canonicalize(parseXml('<a><![CDATA[<x>&\r\n]]>y\r\n</a>'))).toBe('<a>&lt;x&gt;&amp;\ny\n</a>');
  });

  it('escapes namespace values like attribute values (libxml2 writes them raw)', () => {
    expect(canonicalize(parseXml('<p:a xmlns:p="urn:x?a=1&amp;b=&quot;2&quot;"/>'))).toBe(
      '<p:a xmlns:p="urn:x?a=1&amp;b=&quot;2&quot;"></p:a>',
    );
  });

  it('renders only visibly utilized namespaces, once, where they are first used', () => {
    const doc = parseXml(
      '<a xmlns:p="urn:p" xmlns:q="urn:q" xmlns:unused="urn:u"><p:b><p:c q:x="1"/></p:b><d p:y="2"/></a>',
    );
    expect(canonicalize(doc)).toBe(
      '<a><p:b xmlns:p="urn:p"><p:c xmlns:q="urn:q" q:x="1"></p:c></p:b><d xmlns:p="urn:p" p:y="2"></d></a>',
    );
  });

  it('re-renders a prefix whose value changed, and not one re-declared with the same value', () => {
    const doc = parseXml(
      '<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c xmlns:p="urn:1"/></p:b><p:d xmlns:p="urn:1"/></p:a>',
    );
    expect(canonicalize(doc)).toBe(
      '<p:a xmlns:p="urn:1"><p:b xmlns:p="urn:2"><p:c xmlns:p="urn:1"></p:c></p:b><p:d></p:d></p:a>',
    );
  });

  it('handles the default namespace and xmlns=""', () => {
    const doc = parseXml(
      '<a xmlns="urn:d"><b xmlns=""><c/><d xmlns="urn:d"/></b><p:e xmlns:p="urn:p" xmlns=""/></a>',
    );
    expect(canonicalize(doc)).toBe(
      '<a xmlns="urn:d"><b xmlns=""><c></c><d xmlns="urn:d"></d></b><p:e xmlns:p="urn:p"></p:e></a>',
    );
    // No xmlns="" when no output ancestor rendered a default namespace.
    expect(canonicalize(parseXml('<a xmlns=""><b/></a>'))).toBe('<a><b></b></a>');
    expect(canonicalize(parseXml('<p:a xmlns:p="urn:p" xmlns="urn:d"><b xmlns=""/></p:a>'))).toBe(
      '<p:a xmlns:p="urn:p"><b></b></p:a>',
    );
  });

  it('never declares the xml prefix and does not inherit xml: attributes into a subtree', () => {
    const doc = parseXml(
      '<a xml:lang="en" xmlns:xml="http://www.w3.org/XML/1998/namespace"><b xml:space="preserve"/></a>',
    );
    expect(canonicalize(doc)).toBe('<a xml:lang="en"><b xml:space="preserve"></b></a>');
    expect(canonicalize(element(doc, 0))).toBe('<b xml:space="preserve"></b>');
  });

  it('keeps comments only in the WithComments variant, with newlines around the root', () => {
    const doc = parseXml('<!--1-->\n<!--2--><a><!--in-->x</a>\n<!--3-->');
    expect(canonicalize(doc)).toBe('<a>x</a>');
    expect(canonicalize(doc, { withComments: true })).toBe('<!--1-->\n<!--2-->\n<a><!--in-->x</a>\n<!--3-->');
    expect(canonicalize(doc.root, { withComments: true })).toBe('<a><!--in-->x</a>');
  });

  it('canonicalizes a subtree with the namespaces it inherits, whether or not they are passed', () => {
    const src =
      '<s:Envelope xmlns:s="urn:s" xmlns:wsu="urn:wsu" xmlns="urn:d"><s:Header/>' +
      '<s:Body wsu:Id="body"><Req><Key>k</Key></Req></s:Body></s:Envelope>';
    const doc = parseXml(src);
    const body = element(doc, 1);
    const expected =
      '<s:Body xmlns:s="urn:s" xmlns:wsu="urn:wsu" wsu:Id="body"><Req xmlns="urn:d"><Key>k</Key></Req></s:Body>';
    expect(canonicalize(body)).toBe(expected);
    expect(canonicalize(body, { ancestorNamespaces: findAncestorNamespaces(doc, body) ?? [] })).toBe(
      expected,
    );
  });

  it('renders in-scope prefixes of the InclusiveNamespaces PrefixList, #default included', () => {
    const doc = parseXml(
      '<s:Envelope xmlns:s="urn:s" xmlns:x="urn:x" xmlns:y="urn:y" xmlns="urn:d"><s:Body><s:Op/></s:Body></s:Envelope>',
    );
    const body = element(doc, 0);
    const ancestorNamespaces = findAncestorNamespaces(doc, body) ?? [];
    expect(canonicalize(body, { inclusivePrefixes: ['x', 'nope'], ancestorNamespaces })).toBe(
      '<s:Body xmlns:s="urn:s" xmlns:x="urn:x"><s:Op></s:Op></s:Body>',
    );
    expect(canonicalize(body, { inclusivePrefixes: ['#default', 'y'], ancestorNamespaces })).toBe(
      '<s:Body xmlns="urn:d" xmlns:s="urn:s" xmlns:y="urn:y"><s:Op></s:Op></s:Body>',
    );
    // Without the ancestors' declarations the inclusive prefixes cannot be known.
    expect(canonicalize(body, { inclusivePrefixes: ['x'] })).toBe(
      '<s:Body xmlns:s="urn:s"><s:Op></s:Op></s:Body>',
    );
  });

  it('orders by code point, not by UTF-16 unit', () => {
    expect(compareCodePoints('\uFF61', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF61' < '\u{1F600}').toBe(false); // the trap this avoids
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('b', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('\u{1F600}', '\u{1F600}')).toBe(0);
    const doc = parseXml('<a a\u{1F600}="1" a\uFF61="2"/>');
    expect(canonicalize(doc)).toBe('<a a\uFF61="2" a\u{1F600}="1"></a>');
  });

  it('does not change the tree it reads', () => {
    const doc = parseXml('<a xmlns:p="urn:p" z="1" b="2"><p:b/></a>');
    const before = JSON.stringify(doc);
    canonicalize(doc, { withComments: true, inclusivePrefixes: ['p'] });
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('findAncestorNamespaces returns null for an element of another tree', () => {
    const a = parseXml('<a><b/></a>');
    const b = parseXml('<a><b/></a>');
    expect(findAncestorNamespaces(a, element(b, 0))).toBeNull();
    expect(findAncestorNamespaces(a, a.root)).toEqual([]);
  });
});

describe('agreement with xml-crypto on WS-Security shapes (what a peer using xml-crypto digests)', () => {
  const ENVELOPE =
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
    '<soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
    '<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2026-01-01T00:00:00Z</wsu:Created>' +
    '<wsu:Expires>2026-01-01T00:05:00Z</wsu:Expires></wsu:Timestamp>' +
    '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
    '<ds:Reference URI="#Body-1"><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>' +
    '</ds:SignedInfo></ds:Signature></wsse:Security></soap:Header>' +
    '<soap:Body wsu:Id="Body-1"><ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01">\n' +
    '  <ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID><!-- note -->\n' +
    '  <ekmi:KeyClasses><ekmi:KeyClass>HR &amp; "Payroll"</ekmi:KeyClass></ekmi:KeyClasses>\n' +
    '</ekmi:SymkeyRequest></soap:Body></soap:Envelope>';

  const targets: [string, string][] = [
    ['Body', 'Body'],
    ['Timestamp', 'Timestamp'],
    ['SignedInfo', 'SignedInfo'],
    ['Envelope', 'Envelope'],
  ];

  function ours(localName: string, withComments: boolean): string {
    const doc = parseXml(ENVELOPE);
    const stack: XmlElement[] = [doc.root];
    while (stack.length > 0) {
      const e = stack.pop() as XmlElement;
      if (e.localName === localName) return canonicalize(e, { withComments });
      stack.push(...childElements(e));
    }
    throw new Error(`no ${localName}`);
  }

  function theirs(localName: string, withComments: boolean): string {
    const dom = new DOMParser().parseFromString(ENVELOPE, 'text/xml');
    const node = dom.getElementsByTagNameNS('*', localName)[0];
    if (!node) throw new Error(`no ${localName}`);
    const c = withComments ? new ExclusiveCanonicalizationWithComments() : new ExclusiveCanonicalization();
    return c.process(node, {});
  }

  for (const [what, localName] of targets)
    for (const withComments of [false, true])
      it(`${what} (comments: ${withComments})`, () => {
        const result = ours(localName, withComments);
        expect(result.length).toBeGreaterThan(0);
        expect(result).toBe(theirs(localName, withComments));
      });
});
