import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import { childElements } from '../xml/tree.ts';
import { readBase64Text } from './base64-text.ts';
import { indexDocument } from './document-index.ts';
import { WssError } from './wss-error.ts';

function code(fn: () => unknown): string {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return e instanceof WssError ? e.code : 'OTHER';
  }
}

describe('indexDocument', () => {
  it('indexes Id-like attributes of every namespace and finds every ds:Signature', () => {
    const doc = parseXml(
      '<r xmlns:a="urn:a" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" id="1"><a:x a:ID="2"/><y xml:id="3"/><ds:Signature Id="4"/></r>',
    );
    const index = indexDocument(doc.root);
    expect([...index.ids.keys()].sort()).toEqual(['1', '2', '3', '4']);
    expect(index.ids.get('2')?.element).toBe(childElements(doc.root)[0]);
    expect(index.signatures).toHaveLength(1);
  });

  it('refuses a value carried by two Id-like attributes, whatever their namespaces or case', () => {
    for (const xml of [
      '<r xmlns:a="urn:a" xmlns:b="urn:b"><x a:Id="v"/><y b:Id="v"/></r>',
      '<r><x Id="v"/><y iD="v"/></r>',
      '<r xml:id="v"><y id="v"/></r>',
      '<r xmlns:a="urn:a" Id="v" a:Id="v"/>',
    ])
      expect(
        code(() => indexDocument(parseXml(xml).root)),
        xml,
      ).toBe('WSS_DUPLICATE_ID');
  });
});

describe('readBase64Text', () => {
  const read = (inner: string): string =>
    code(() => readBase64Text(parseXml(`<v>${inner}</v>`).root, 'value'));
  it('accepts canonical base64 with XML white space between characters', () => {
    expect(readBase64Text(parseXml('<v>\n AAEC\r\nAw==\t</v>').root, 'v')).toEqual(Buffer.from([0, 1, 2, 3]));
    expect(read('AAECAw==')).toBe('OK');
  });
  it('refuses comments, CDATA, child elements and non-canonical or empty base64', () => {
    expect(read('AAEC<!--x-->Aw==')).toBe('WSS_NON_TEXT_VALUE');
    expect(read('<![CDATA[AAECAw==]]>')).toBe('WSS_NON_TEXT_VALUE');
    expect(read('AAEC<x/>')).toBe('WSS_NON_TEXT_VALUE');
    for (const bad of ['', 'AAE', 'AA=C', 'AAECAw=', 'AAECA===', 'AA-_', '@@@@'])
      expect(read(bad), bad).toBe('WSS_MALFORMED_BASE64');
  });
});
