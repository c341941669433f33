/**
 * The project's own immutable XML tree. Every XML byte the project reads goes through
 * `parseXml` (protocol/xml/intake.ts) and comes out as this tree; model parsing, semantic
 * validation, canonicalization and signature verification all work on it.
 */

/** Where a node starts in the source: 1-based line and column, 0-based UTF-16 offset. */
export interface XmlPosition {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface XmlAttribute {
  /** The qualified name as written, e.g. `ekmi:any`. */
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  /** Resolved namespace; null for an unprefixed attribute. */
  readonly namespaceURI: string | null;
  readonly value: string;
  readonly position: XmlPosition;
}

/** A namespace declaration written on an element (`xmlns` or `xmlns:p`). prefix null = default. */
export interface XmlNamespaceDeclaration {
  readonly prefix: string | null;
  readonly uri: string;
}

export interface XmlElement {
  readonly kind: 'element';
  /** The qualified name as written, e.g. `ekmi:Symkey`. */
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  readonly namespaceURI: string | null;
  /** Attributes other than namespace declarations, in document order. */
  readonly attributes: readonly XmlAttribute[];
  /** Namespace declarations written on this element, in document order. */
  readonly namespaceDeclarations: readonly XmlNamespaceDeclaration[];
  readonly children: readonly XmlNode[];
  readonly position: XmlPosition;
}

export interface XmlText {
  readonly kind: 'text';
  /** Character data with entity and character references already resolved. */
  readonly value: string;
  /** True when the text came from a CDATA section. */
  readonly cdata: boolean;
  readonly position: XmlPosition;
}

export interface XmlComment {
  readonly kind: 'comment';
  readonly value: string;
  readonly position: XmlPosition;
}

export type XmlNode = XmlElement | XmlText | XmlComment;

export interface XmlDeclaration {
  readonly version: string;
  readonly encoding: string | null;
  readonly standalone: boolean | null;
}

export interface XmlDocument {
  readonly declaration: XmlDeclaration | null;
  readonly root: XmlElement;
  /** Comments before and after the root element (kept for c14n-with-comments; never data). */
  readonly prolog: readonly XmlComment[];
  readonly epilog: readonly XmlComment[];
}

/** The child elements of an element, skipping text and comments. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((n): n is XmlElement => n.kind === 'element');
}

/** Concatenated text content of the direct text children (not descendants). */
export function directText(element: XmlElement): string {
  let out = '';
  for (const child of element.children) if (child.kind === 'text') out += child.value;
  return out;
}

/** The attribute with the given namespace and local name, if present. */
export function findAttribute(
  element: XmlElement,
  namespaceURI: string | null,
  localName: string,
): XmlAttribute | undefined {
  return element.attributes.find((a) => a.namespaceURI === namespaceURI && a.localName === localName);
}
