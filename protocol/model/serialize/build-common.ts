/** Element-building helpers shared by the SKSML serializers. */
import {
  attribute,
  element,
  textElement,
  type WriterAttribute,
  type WriterChild,
  type WriterElement,
} from '../../xml/writer.ts';
import {
  formatGlobalKeyID,
  formatSymkeyRequestID,
  formatTwoPartID,
  type GlobalKeyID,
  type SymkeyRequestID,
  type TwoPartID,
} from '../identifiers.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_NS, XSI_NS } from '../namespaces.ts';
import type { XmlElement } from '../../xml/tree.ts';
import { checkLexical } from './checks.ts';

export function ekmi(
  localName: string,
  children: readonly (WriterChild | null | undefined | false)[] = [],
  attributes: readonly WriterAttribute[] = [],
): WriterElement {
  return element(SKSML_NS, localName, children, attributes);
}

export function ekmiText(localName: string, value: string): WriterElement {
  return textElement(SKSML_NS, localName, value);
}

export const XSI_NIL_TRUE = attribute(XSI_NS, 'nil', 'true');

export function globalKeyIdElement(localName: string, id: GlobalKeyID, path: string): WriterElement {
  return ekmiText(
    localName,
    checkLexical(path, () => formatGlobalKeyID(id), 'SKSML-MSG-5', 'MODEL_INVALID_ID'),
  );
}

export function symkeyRequestIdElement(id: SymkeyRequestID, path: string): WriterElement {
  return ekmiText(
    'SymkeyRequestID',
    checkLexical(path, () => formatSymkeyRequestID(id), 'SKSML-MSG-6', 'MODEL_INVALID_ID'),
  );
}

export function twoPartIdElement(localName: string, id: TwoPartID, path: string): WriterElement {
  return ekmiText(
    localName,
    checkLexical(path, () => formatTwoPartID(id), 'SKSML-MSG-30', 'MODEL_INVALID_ID'),
  );
}

/** An `Other` slot must be an `ekmi:Other` element; it is written as it is. */
export function otherElement(other: XmlElement | undefined, path: string): XmlElement | undefined {
  if (other === undefined) return undefined;
  if (other.kind !== 'element' || other.namespaceURI !== SKSML_NS || other.localName !== 'Other')
    throw new ModelError(
      'MODEL_INVALID_VALUE',
      'cannot serialize: an Other slot must hold an ekmi:Other element',
      path,
    );
  return other;
}
