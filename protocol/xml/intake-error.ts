/**
 * The typed failure of XML intake and its stable codes (documented in spec/error-codes.md,
 * section "XML intake"). Messages say what was wrong in words a person can act on; the
 * position says where.
 */
import { SksmlError } from '../errors/sksml-error.ts';
import type { XmlPosition } from './tree.ts';

export const XML_INTAKE_CODES = [
  'XML_EMPTY',
  'XML_MALFORMED',
  'XML_DOCTYPE_FORBIDDEN',
  'XML_ENTITY_FORBIDDEN',
  'XML_PI_FORBIDDEN',
  'XML_MULTIPLE_ROOTS',
  'XML_TEXT_OUTSIDE_ROOT',
  'XML_ENCODING_UNSUPPORTED',
  'XML_INVALID_CHARACTER',
  'XML_NAMESPACE_ERROR',
  'XML_DUPLICATE_ATTRIBUTE',
  'XML_LIMIT_BYTES',
  'XML_LIMIT_DEPTH',
  'XML_LIMIT_ATTRIBUTES',
  'XML_LIMIT_NAMESPACES',
  'XML_LIMIT_TEXT',
  'XML_LIMIT_ELEMENTS',
] as const;

export type XmlIntakeCode = (typeof XML_INTAKE_CODES)[number];

export class XmlIntakeError extends SksmlError {
  readonly position: XmlPosition | null;
  constructor(code: string, message: string, position: XmlPosition | null = null) {
    super(code, position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.position = position;
  }
}
