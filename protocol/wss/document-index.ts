/**
 * One pass over the whole document that finds every Id-like attribute and every ds:Signature.
 * Id values must be unique across ALL Id-like attributes in any namespace (SKSML-WSS-18), so a
 * reference can never resolve to one element for us and to another for a different library.
 */
import type { XmlAttribute, XmlElement } from '../xml/tree.ts';
import { DS_NS, WSU_NS } from './namespaces.ts';
import { WssError } from './wss-error.ts';

export interface IdEntry {
  readonly element: XmlElement;
  readonly attribute: XmlAttribute;
}

export interface DocumentIndex {
  /** Every Id-like attribute value and the element carrying it (values are unique). */
  readonly ids: ReadonlyMap<string, IdEntry>;
  /** Every ds:Signature element anywhere in the document, in document order. */
  readonly signatures: readonly XmlElement[];
}

/** wsu:Id, Id, ID, id, xml:id ... in any namespace or none. */
export function isIdLikeAttribute(attribute: XmlAttribute): boolean {
  // `localName.toLowerCase() === 'id'` without a lower-cased copy per attribute: only I/i and D/d
  // lower-case to i and d (U+0130 becomes two characters), and lower-casing never shortens.
  const name = attribute.localName;
  if (name.length !== 2) return false;
  const i = name.charCodeAt(0);
  const d = name.charCodeAt(1);
  return (i === 0x69 || i === 0x49) && (d === 0x64 || d === 0x44);
}

/**
 * The value an Id-like attribute has for a schema-aware reader: xsd:ID collapses XML white space,
 * so " a" and "a" name the same Id for some libraries and must count as one for uniqueness.
 */
function collapsedId(value: string): string {
  return /[ \t\r\n]/.test(value) ? value.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '') : value;
}

export function indexDocument(root: XmlElement): DocumentIndex {
  const ids = new Map<string, IdEntry>();
  const collapsed = new Set<string>();
  const signatures: XmlElement[] = [];
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop() as XmlElement;
    if (element.localName === 'Signature' && element.namespaceURI === DS_NS) signatures.push(element);
    // Indexed loops: this runs for every element of every message (no iterator objects).
    const attributes = element.attributes;
    for (let k = 0; k < attributes.length; k++) {
      const attribute = attributes[k] as XmlAttribute;
      if (!isIdLikeAttribute(attribute)) continue;
      // SKSML-WSS-18: one value, one Id-like attribute, in the whole document (white space collapsed).
      const key = collapsedId(attribute.value);
      if (ids.has(attribute.value) || collapsed.has(key))
        throw new WssError(
          'WSS_DUPLICATE_ID',
          `the Id value ${JSON.stringify(attribute.value.slice(0, 64))} occurs more than once`,
          {
            requirement: 'SKSML-WSS-18',
          },
        );
      ids.set(attribute.value, { element, attribute });
      collapsed.add(key);
    }
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i];
      if (child?.kind === 'element') stack.push(child);
    }
  }
  return { ids, signatures };
}

/** True when the attribute is wsu:Id, the only Id form references may resolve through. */
export function isWsuId(attribute: XmlAttribute): boolean {
  return attribute.namespaceURI === WSU_NS && attribute.localName === 'Id';
}
