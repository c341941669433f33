/**
 * TEST SUPPORT ONLY. fast-check arbitraries for writer input: WriterElement trees mixing built
 * elements (namespaces, attributes, awkward text), raw parsed subtrees (from the generated
 * documents of generated-document.ts) and writer options. Some inputs are invalid on purpose
 * (duplicate attributes, forbidden characters, bad names) so error behaviour is compared too.
 */
import fc from 'fast-check';
import { parseXml } from '../intake.ts';
import type { XmlElement } from '../tree.ts';
import type { WriteXmlOptions, WriterAttribute, WriterChild, WriterElement } from '../writer.ts';
import { XML_NS, generatedDocumentArb, serializeGenerated } from './generated-document.ts';

export const NS_A = 'urn:example:a';
export const NS_B = 'http://example.com/b?x=1&y="2"';
export const NS_C = 'urn:example:c';

const ELEMENT_NS = [null, '', NS_A, NS_B, NS_C];
const ATTRIBUTE_NS = [null, '', NS_A, NS_B, XML_NS];
const LOCALS = ['a', 'b', 'Id', 'any', 'x-y.z', 'ü', '中'];

const textUnit = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', 'é', '\u{1F511}', '中') },
  { weight: 6, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", '\r', '\n', '\t', ']]>', '\r\n') },
  { weight: 1, arbitrary: fc.constantFrom('\u0001', '\uFFFE', '\uD800') },
);

/** Text, mostly valid, sometimes with a character XML forbids. */
export const writerTextArb: fc.Arbitrary<string> = fc
  .array(textUnit, { maxLength: 8 })
  .map((parts) => parts.join(''));

const nameArb = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...LOCALS) },
  { weight: 1, arbitrary: fc.constantFrom('1bad', 'a:b', 'xmlns') },
);

const attributeArb: fc.Arbitrary<WriterAttribute> = fc.record({
  namespaceURI: fc.constantFrom(...ATTRIBUTE_NS),
  localName: nameArb,
  value: writerTextArb,
});

/** Parsed subtrees (raw children): generated documents' roots. */
export const rawElementArb: fc.Arbitrary<XmlElement> = generatedDocumentArb.map(
  (d) => parseXml(serializeGenerated({ ...d, prolog: [], epilog: [] })).root,
);

function builtArb(rawChildren: boolean): fc.Arbitrary<WriterElement> {
  const { element } = fc.letrec<{ element: WriterElement; child: WriterChild }>((tie) => ({
    element: fc
      .record({
        namespaceURI: fc.constantFrom(...ELEMENT_NS),
        localName: nameArb,
        attributes: fc.array(attributeArb, { maxLength: 3 }),
        children: fc.array(tie('child'), { maxLength: 4 }),
      })
      .map((r) => ({ kind: 'writer-element' as const, ...r })),
    child: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'writer' },
      { weight: 3, arbitrary: writerTextArb },
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 3, arbitrary: tie('element') },
      ...(rawChildren ? [{ weight: 1, arbitrary: rawElementArb as fc.Arbitrary<WriterChild> }] : []),
    ),
  }));
  return element;
}

/** WriterElement trees (some invalid on purpose). */
export const writerElementArb: fc.Arbitrary<WriterElement> = builtArb(true);

/** Options for the prefix decisions (what buildXmlTree takes). */
export const prefixOptionsArb: fc.Arbitrary<Pick<WriteXmlOptions, 'prefixes' | 'defaultNamespace'>> =
  fc.record(
    {
      prefixes: fc
        .array(
          fc.tuple(
            fc.constantFrom(NS_A, NS_B, NS_C, XML_NS),
            fc.constantFrom('a', 'b', 'p', 'ns1', 'ns2', 'xml'),
          ),
          { maxLength: 3 },
        )
        .map((pairs) => Object.fromEntries(pairs)),
      defaultNamespace: fc.constantFrom(NS_A, NS_C),
    },
    { requiredKeys: [] },
  );

/** All writer options. */
export const writerOptionsArb: fc.Arbitrary<WriteXmlOptions> = fc
  .tuple(
    prefixOptionsArb,
    fc.record(
      { indent: fc.constantFrom('', '  ', '\t'), xmlDeclaration: fc.boolean() },
      { requiredKeys: [] },
    ),
  )
  .map(([a, b]) => ({ ...a, ...b }));
