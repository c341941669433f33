/**
 * PROVISIONAL hardened intake: the public signature is final, the implementation is a
 * placeholder over libxmljs2 that the intake work replaces with the project's own strict
 * parser (limits, positions, stable codes). Do not depend on anything but `parseXml`,
 * `XmlIntakeError`, `IntakeLimits` and `DEFAULT_INTAKE_LIMITS`.
 */
import libxml from 'libxmljs2';
import { SksmlError } from '../errors/sksml-error.ts';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlPosition } from './tree.ts';

export interface IntakeLimits {
  /** Largest document accepted, in bytes (UTF-8). */
  readonly maxBytes: number;
  /** Deepest element nesting accepted (the root is depth 1). */
  readonly maxDepth: number;
  /** Most attributes (namespace declarations included) on one element. */
  readonly maxAttributesPerElement: number;
  /** Most namespace declarations in the whole document. */
  readonly maxNamespaceDeclarations: number;
  /** Longest text node or attribute value, in characters. */
  readonly maxTextLength: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxAttributesPerElement: 32,
  maxNamespaceDeclarations: 128,
  maxTextLength: 256 * 1024,
};

export class XmlIntakeError extends SksmlError {
  readonly position: XmlPosition | null;
  constructor(code: string, message: string, position: XmlPosition | null = null) {
    super(code, position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.position = position;
  }
}

export interface ParseXmlOptions {
  readonly limits?: Partial<IntakeLimits>;
}

const NO_POSITION = (line: number): XmlPosition => ({ line, column: 1, offset: 0 });

function convert(node: libxml.Element): XmlElement {
  const ns = node.namespace();
  const prefix = ns?.prefix() ?? null;
  const attributes: XmlAttribute[] = node.attrs().map((a) => {
    const ans = a.namespace();
    const p = ans?.prefix() ?? null;
    return {
      name: p ? `${p}:${a.name()}` : a.name(),
      prefix: p,
      localName: a.name(),
      namespaceURI: ans?.href() ?? null,
      value: a.value(),
      position: NO_POSITION(node.line()),
    };
  });
  const children: XmlNode[] = [];
  for (const c of node.childNodes() as unknown as { type(): string; text(): string; line(): number }[]) {
    const t = c.type();
    if (t === 'element') children.push(convert(c as unknown as libxml.Element));
    else if (t === 'text' || t === 'cdata')
      children.push({ kind: 'text', value: c.text(), cdata: t === 'cdata', position: NO_POSITION(c.line()) });
    else if (t === 'comment')
      children.push({ kind: 'comment', value: c.text(), position: NO_POSITION(c.line()) });
  }
  return {
    kind: 'element',
    name: prefix ? `${prefix}:${node.name()}` : node.name(),
    prefix,
    localName: node.name(),
    namespaceURI: ns?.href() ?? null,
    attributes,
    namespaceDeclarations: node.namespaces(true).map((n) => ({ prefix: n.prefix() ?? null, uri: n.href() })),
    children,
    position: NO_POSITION(node.line()),
  };
}

/** Parses untrusted XML into the project's tree, or throws XmlIntakeError. */
export function parseXml(input: string | Uint8Array, options: ParseXmlOptions = {}): XmlDocument {
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...options.limits };
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  if (Buffer.byteLength(text) > limits.maxBytes)
    throw new XmlIntakeError('XML_TOO_LARGE', 'document too large');
  if (/<!DOCTYPE/i.test(text)) throw new XmlIntakeError('XML_DOCTYPE_FORBIDDEN', 'DOCTYPE is not allowed');
  let doc: libxml.Document;
  try {
    doc = libxml.parseXml(text, { nonet: true });
  } catch (e) {
    throw new XmlIntakeError('XML_MALFORMED', `not well-formed XML: ${(e as Error).message}`);
  }
  const root = doc.root();
  if (!root) throw new XmlIntakeError('XML_EMPTY', 'no root element');
  return { declaration: null, root: convert(root), prolog: [], epilog: [] };
}
