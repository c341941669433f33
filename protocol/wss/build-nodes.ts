/** Small constructors for the tree nodes the signer adds (positions are synthetic). */
import type { XmlAttribute, XmlElement, XmlNamespaceDeclaration, XmlNode, XmlPosition } from '../xml/tree.ts';

const NO_POSITION: XmlPosition = Object.freeze({ line: 0, column: 0, offset: 0 });

export function qualified(prefix: string | null, localName: string): string {
  return prefix === null || prefix === '' ? localName : `${prefix}:${localName}`;
}

export function newAttribute(
  namespaceURI: string | null,
  prefix: string | null,
  localName: string,
  value: string,
): XmlAttribute {
  return {
    name: qualified(prefix, localName),
    prefix,
    localName,
    namespaceURI,
    value,
    position: NO_POSITION,
  };
}

export function newElement(
  namespaceURI: string,
  prefix: string | null,
  localName: string,
  options: {
    attributes?: readonly XmlAttribute[];
    children?: readonly XmlNode[];
    namespaceDeclarations?: readonly XmlNamespaceDeclaration[];
  } = {},
): XmlElement {
  return {
    kind: 'element',
    name: qualified(prefix, localName),
    prefix,
    localName,
    namespaceURI,
    attributes: options.attributes ?? [],
    namespaceDeclarations: options.namespaceDeclarations ?? [],
    children: options.children ?? [],
    position: NO_POSITION,
  };
}

export function newText(value: string): XmlNode {
  return { kind: 'text', value, cdata: false, position: NO_POSITION };
}
