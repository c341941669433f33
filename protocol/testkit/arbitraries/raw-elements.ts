/** Arbitraries of raw XmlElement subtrees: `ekmi:Other` slots and EncryptionMethod extensions. */
import fc from 'fast-check';
import { DS_NS, SKSML_NS } from '../../model/namespaces.ts';
import type { XmlAttribute, XmlElement, XmlNode, XmlPosition } from '../../xml/tree.ts';
import { arbitraryXmlString } from './primitives.ts';

const ORIGIN: XmlPosition = { line: 1, column: 1, offset: 0 };

/** Namespace of the made-up extension content inside generated `Other` elements. */
export const EXTENSION_NS = 'urn:example:sksml:extension';

export interface RawAttributeSpec {
  readonly namespaceURI: string | null;
  readonly prefix: string | null;
  readonly localName: string;
  readonly value: string;
}

/** Builds an XmlElement (positions at 1:1; no namespace declarations; the writer adds them). */
export function createXmlElement(
  namespaceURI: string | null,
  prefix: string | null,
  localName: string,
  attributes: readonly RawAttributeSpec[] = [],
  children: readonly (XmlElement | string)[] = [],
): XmlElement {
  const attrs: XmlAttribute[] = attributes.map((a) => ({
    name: a.prefix ? `${a.prefix}:${a.localName}` : a.localName,
    prefix: a.prefix,
    localName: a.localName,
    namespaceURI: a.namespaceURI,
    value: a.value,
    position: ORIGIN,
  }));
  const nodes: XmlNode[] = children.map((c) =>
    typeof c === 'string' ? { kind: 'text', value: c, cdata: false, position: ORIGIN } : c,
  );
  return {
    kind: 'element',
    name: prefix ? `${prefix}:${localName}` : localName,
    prefix,
    localName,
    namespaceURI,
    attributes: attrs,
    namespaceDeclarations: [],
    children: nodes,
    position: ORIGIN,
  };
}

const LOCAL_NAMES = ['note', 'ref', 'item', 'a', 'Extension', 'x-1', 'd.e'] as const;

function arbitraryAttributes(): fc.Arbitrary<RawAttributeSpec[]> {
  const attr = fc.record({
    qualified: fc.boolean(),
    localName: fc.constantFrom(...LOCAL_NAMES),
    value: arbitraryXmlString(40),
  });
  return fc
    .uniqueArray(attr, { maxLength: 3, selector: (a) => `${a.qualified}|${a.localName}` })
    .map((list) =>
      list.map((a) => ({
        namespaceURI: a.qualified ? EXTENSION_NS : null,
        prefix: a.qualified ? 'ext' : null,
        localName: a.localName,
        value: a.value,
      })),
    );
}

/** Non-empty text with at least one non-space character, or an element; no two texts adjacent. */
function arbitraryContent(depth: number): fc.Arbitrary<(XmlElement | string)[]> {
  const text = arbitraryXmlString(60, 1).filter((t) => /[^ \t\r\n]/.test(t));
  const child: fc.Arbitrary<XmlElement | string> =
    depth <= 0 ? text : fc.oneof(text, arbitraryExtensionElement(depth - 1));
  return fc.array(child, { maxLength: 3 }).map((items) => {
    const out: (XmlElement | string)[] = [];
    for (const item of items) {
      const last = out[out.length - 1];
      if (typeof item === 'string' && typeof last === 'string') out[out.length - 1] = last + item;
      else out.push(item);
    }
    return out;
  });
}

/** An element of the made-up extension namespace (or of no namespace) with mixed content. */
export function arbitraryExtensionElement(depth = 1): fc.Arbitrary<XmlElement> {
  return fc
    .record({
      qualified: fc.boolean(),
      localName: fc.constantFrom(...LOCAL_NAMES),
      attributes: arbitraryAttributes(),
      content: arbitraryContent(depth),
    })
    .map((r) =>
      createXmlElement(
        r.qualified ? EXTENSION_NS : null,
        r.qualified ? 'ext' : null,
        r.localName,
        r.attributes,
        r.content,
      ),
    );
}

/** An `ekmi:Other` element (xsd:anyType: any attributes, mixed content). */
export function arbitraryOtherElement(): fc.Arbitrary<XmlElement> {
  return fc
    .record({ attributes: arbitraryAttributes(), content: arbitraryContent(2) })
    .map((r) => createXmlElement(SKSML_NS, 'ekmi', 'Other', r.attributes, r.content));
}

/**
 * A schema-valid extension element for EncryptionMethod's `##other` wildcard (processed strictly,
 * so it must be a declared element): `ds:KeyName`.
 */
export function arbitraryEncryptionMethodExtension(): fc.Arbitrary<XmlElement> {
  return arbitraryXmlString(64).map((name) =>
    createXmlElement(DS_NS, 'ds', 'KeyName', [], name === '' ? [] : [name]),
  );
}

/** A `ds:Transform` for a CipherReference. */
export function arbitraryTransformElement(): fc.Arbitrary<XmlElement> {
  return fc
    .constantFrom(
      'http://www.w3.org/2000/09/xmldsig#base64',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
      'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    )
    .map((alg) =>
      createXmlElement(DS_NS, 'ds', 'Transform', [
        { namespaceURI: null, prefix: null, localName: 'Algorithm', value: alg },
      ]),
    );
}
