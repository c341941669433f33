import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml, sourceSpanOf } from './intake.ts';
import { childElements, type XmlElement } from './tree.ts';

function byDepth(root: XmlElement): XmlElement[][] {
  const levels: XmlElement[][] = [[root]];
  for (;;) {
    const next = (levels.at(-1) as XmlElement[]).flatMap(childElements);
    if (next.length === 0) return levels;
    levels.push(next);
  }
}

describe('sourceSpanOf', () => {
  it('gives the exact characters of the three outermost levels, self-closing or not', () => {
    const xml =
      '\uFEFF<?xml version="1.0"?>\r\n<a xmlns="urn:x">\r\n <b k=\'v\'><c>t&amp;<d><e/></d></c><c/></b>\n<b/></a>';
    const root = parseXml(new TextEncoder().encode(xml)).root;
    const [[a], bs, cs, ds] = byDepth(root) as [[XmlElement], XmlElement[], XmlElement[], XmlElement[]];
    const text = xml.slice(1); // the BOM is not part of the text
    expect(sourceSpanOf(a)).toBe(text.slice(text.indexOf('<a')));
    expect(bs.map(sourceSpanOf)).toEqual(["<b k='v'><c>t&amp;<d><e/></d></c><c/></b>", '<b/>']);
    expect(cs.map(sourceSpanOf)).toEqual(['<c>t&amp;<d><e/></d></c>', '<c/>']);
    expect(ds.map(sourceSpanOf)).toEqual([null]);
  });

  it('is null for an element built in memory', () => {
    const root = parseXml('<a><b/></a>').root;
    expect(sourceSpanOf({ ...root })).toBeNull();
  });

  it('re-parsing a span gives the same subtree (names, attributes, text) as in the document', () => {
    const name = fc.constantFrom('x', 'p:y', 'z');
    const leaf = fc.record({ name, text: fc.constantFrom('', '1', 'a&lt;b', ' \n ') });
    const mid = fc.record({
      name,
      kids: fc.array(leaf, { maxLength: 3 }),
      attr: fc.constantFrom('', ' k="v"'),
    });
    const render = (m: { name: string; kids: { name: string; text: string }[]; attr: string }): string =>
      `<${m.name}${m.attr}>${m.kids.map((k) => (k.text === '' ? `<${k.name}/>` : `<${k.name}>${k.text}</${k.name}>`)).join('')}</${m.name}>`;
    fc.assert(
      fc.property(fc.array(mid, { minLength: 1, maxLength: 3 }), (mids) => {
        const root = parseXml(`<r xmlns:p="urn:p"><s>${mids.map(render).join('\n')}</s></r>`).root;
        for (const m of childElements(childElements(root)[0] as XmlElement)) {
          const span = sourceSpanOf(m) as string;
          const again = parseXml(`<w xmlns:p="urn:p">${span}</w>`).root.children[0] as XmlElement;
          const strip = (e: XmlElement): unknown => ({
            name: e.name,
            ns: e.namespaceURI,
            attributes: e.attributes.map((x) => [x.name, x.value]),
            children: e.children.map((c) => (c.kind === 'element' ? strip(c) : c.value)),
          });
          expect(strip(again)).toEqual(strip(m));
        }
      }),
      { numRuns: 100 },
    );
  });
});
