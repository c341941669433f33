import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import { childElements } from '../xml/tree.ts';
import { formatQName, isNcName, resolveQName, ROOT_SCOPE, sameQName, scopeAlong } from './qname.ts';
import { XML_NS } from './namespaces.ts';

describe('isNcName', () => {
  it.each([
    ['a', true],
    ['_a.b-c9', true],
    ['é', true],
    ['', false],
    ['9a', false],
    ['-a', false],
    ['a:b', false],
    ['a b', false],
  ])('%j -> %s', (value, expected) => {
    expect(isNcName(value)).toBe(expected);
  });
});

describe('resolveQName', () => {
  const doc = parseXml(
    '<a xmlns="urn:d" xmlns:p="urn:p"><b xmlns:p="urn:inner" xmlns:q="urn:q"><c xmlns=""/></b></a>',
  );
  const b = childElements(doc.root)[0]!;
  const c = childElements(b)[0]!;

  it('uses the innermost declaration', () => {
    const scope = scopeAlong([doc.root, b]);
    expect(resolveQName('p:x', scope)).toEqual({ namespace: 'urn:inner', localName: 'x' });
    expect(resolveQName(' q:y \n', scope)).toEqual({ namespace: 'urn:q', localName: 'y' });
    expect(resolveQName('z', scope)).toEqual({ namespace: 'urn:d', localName: 'z' });
    expect(resolveQName('xml:lang', scope)).toEqual({ namespace: XML_NS, localName: 'lang' });
  });

  it('lets xmlns="" undeclare the default namespace', () => {
    expect(resolveQName('z', scopeAlong([doc.root, b, c]))).toEqual({ namespace: '', localName: 'z' });
    expect(resolveQName('z', ROOT_SCOPE)).toEqual({ namespace: '', localName: 'z' });
  });

  it.each(['', 'p:', ':x', 'a:b:c', 'undeclared:x', '1x', 'p:1x', 'a b'])('rejects %j', (text) => {
    expect(resolveQName(text, scopeAlong([doc.root, b]))).toBeNull();
  });

  it('compares and formats expanded names', () => {
    expect(sameQName({ namespace: 'u', localName: 'x' }, { namespace: 'u', localName: 'x' })).toBe(true);
    expect(sameQName({ namespace: 'u', localName: 'x' }, { namespace: 'v', localName: 'x' })).toBe(false);
    expect(formatQName({ namespace: 'u', localName: 'x' })).toBe('{u}x');
  });
});
