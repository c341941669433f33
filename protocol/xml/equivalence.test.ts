import { describe, expect, it } from 'vitest';
import { areXmlEquivalent, describeXmlDifference } from './equivalence.ts';
import { parseXml } from './intake.ts';

const tree = (xml: string) => parseXml(xml).root;

describe('areXmlEquivalent', () => {
  it('ignores prefixes, declaration placement, attribute order, comments and layout whitespace', () => {
    const a = tree('<a:r xmlns:a="urn:x" xmlns:b="urn:y" b:p="1" q="2"><a:c>v</a:c><a:d/></a:r>');
    const b = tree(
      '<r xmlns="urn:x" q="2" xmlns:z="urn:y" z:p="1">\n  <!-- note -->\n  <c>v</c>\n  <d xmlns:unused="urn:u"></d>\n</r>',
    );
    expect(describeXmlDifference(a, b)).toBeNull();
    expect(areXmlEquivalent(a, b)).toBe(true);
  });

  it('treats CDATA like text and merges text split by comments', () => {
    expect(areXmlEquivalent(tree('<r>a&lt;b</r>'), tree('<r><![CDATA[a<]]><!--x-->b</r>'))).toBe(true);
  });

  it.each([
    ['namespace', '<r xmlns="urn:x"/>', '<r xmlns="urn:y"/>', '{urn:x}r vs {urn:y}r'],
    ['local name', '<r><a/></r>', '<r><b/></r>', '/r: element a vs b'],
    ['attribute value', '<r a="1"/>', '<r a="2"/>', '/r/@a: "1" vs "2"'],
    [
      'attribute namespace',
      '<r xmlns:p="urn:p" p:a="1"/>',
      '<r a="1"/>',
      '/r/@{urn:p}a: only in the first tree',
    ],
    ['extra attribute', '<r/>', '<r a="1"/>', '/r/@a: only in the second tree'],
    ['text', '<r>a</r>', '<r>b</r>', '/r: text "a" vs text "b"'],
    ['whitespace in simple content', '<r> </r>', '<r/>', '/r: child 1 is text " " vs nothing'],
    ['whitespace in mixed content', '<r>x <a/></r>', '<r>x<a/></r>', '/r: text "x " vs text "x"'],
    ['child order', '<r><a/><b/></r>', '<r><b/><a/></r>', '/r: element a vs b'],
    [
      'nested difference with index',
      '<r><a/><a><b>1</b></a></r>',
      '<r><a/><a><b>2</b></a></r>',
      '/r/a[2]/b: text "1" vs text "2"',
    ],
  ])('detects a different %s', (_name, x, y, detail) => {
    expect(areXmlEquivalent(tree(x), tree(y))).toBe(false);
    expect(describeXmlDifference(tree(x), tree(y))).toContain(detail);
  });
});
