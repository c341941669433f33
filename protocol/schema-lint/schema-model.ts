/**
 * A read-only model of a folder of XSD documents, built from the project's XML tree (every
 * document goes through parseXml). It resolves QNames against the in-scope namespace
 * declarations and indexes the top-level components, which is all the lint rules need.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SksmlError } from '../errors/sksml-error.ts';
import { parseXml } from '../xml/intake.ts';
import type { XmlElement } from '../xml/tree.ts';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** A schema element (in the XSD namespace) with what is needed to interpret it. */
export interface XsdNode {
  readonly element: XmlElement;
  /** XSD local name: `element`, `complexType`, `sequence`, ... */
  readonly kind: string;
  readonly document: SchemaDocument;
  readonly parent: XsdNode | null;
  readonly children: readonly XsdNode[];
  /** In-scope namespace bindings (prefix null = default namespace). */
  readonly scope: ReadonlyMap<string | null, string>;
}

export interface SchemaDocument {
  /** File name relative to the schema folder. */
  readonly file: string;
  readonly targetNamespace: string | null;
  readonly root: XsdNode;
  /** True when a DOCTYPE had to be removed before parsing. */
  readonly hadDoctype: boolean;
}

export interface QName {
  readonly namespace: string | null;
  readonly local: string;
}

export type ComponentKind =
  'simpleType' | 'complexType' | 'element' | 'attribute' | 'group' | 'attributeGroup';

export interface SchemaSetModel {
  readonly dir: string;
  readonly documents: readonly SchemaDocument[];
  /** Top-level components by kind, keyed by `clarkName`. */
  readonly components: ReadonlyMap<ComponentKind, ReadonlyMap<string, XsdNode>>;
}

export class SchemaReadError extends SksmlError {
  readonly file: string | null;
  constructor(file: string | null, message: string) {
    super('SCHEMA_LINT_UNREADABLE', message);
    this.file = file;
  }
}

export function clarkName(name: QName): string {
  return `{${name.namespace ?? ''}}${name.local}`;
}

/** Removes a DOCTYPE declaration (with its internal subset) so the hardened intake accepts the document. */
export function stripDoctype(text: string): { text: string; removed: boolean } {
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return { text, removed: false };
  let i = start + 9;
  let inSubset = false;
  let quote: string | null = null;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) break;
  }
  // Keep line numbers stable: replace the declaration by as many newlines as it spanned.
  const removedText = text.slice(start, i + 1);
  const newlines = removedText.replace(/[^\n]/g, '');
  return { text: text.slice(0, start) + newlines + text.slice(i + 1), removed: true };
}

function buildNode(
  element: XmlElement,
  document: SchemaDocument,
  parent: XsdNode | null,
  outerScope: ReadonlyMap<string | null, string>,
): XsdNode {
  let scope = outerScope;
  if (element.namespaceDeclarations.length > 0) {
    const inner = new Map(outerScope);
    for (const d of element.namespaceDeclarations) inner.set(d.prefix, d.uri);
    scope = inner;
  }
  const children: XsdNode[] = [];
  const node: XsdNode = { element, kind: element.localName, document, parent, children, scope };
  for (const child of element.children) {
    if (child.kind === 'element' && child.namespaceURI === XSD_NS)
      children.push(buildNode(child, document, node, scope));
  }
  return node;
}

export function attr(node: XsdNode, name: string): string | undefined {
  return node.element.attributes.find((a) => a.namespaceURI === null && a.localName === name)?.value;
}

/** Resolves a QName-valued attribute (type, base, ref, ...) in the node's namespace scope. */
export function resolveQName(node: XsdNode, value: string): QName {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return { namespace: node.scope.get(null) ?? null, local: trimmed };
  const prefix = trimmed.slice(0, colon);
  return { namespace: node.scope.get(prefix) ?? null, local: trimmed.slice(colon + 1) };
}

export function line(node: XsdNode): number | null {
  const l = node.element.position.line;
  return l > 0 ? l : null;
}

/** All nodes of a document in document order. */
export function* descendants(node: XsdNode): Generator<XsdNode> {
  yield node;
  for (const c of node.children) yield* descendants(c);
}

/** Text of the xsd:documentation children of a node's annotation. */
export function documentationOf(node: XsdNode): string {
  const annotation = node.children.find((c) => c.kind === 'annotation');
  if (!annotation) return '';
  const parts: string[] = [];
  for (const d of annotation.children) {
    if (d.kind !== 'documentation') continue;
    const collect = (e: XmlElement): void => {
      for (const n of e.children) {
        if (n.kind === 'text') parts.push(n.value);
        else if (n.kind === 'element') collect(n);
      }
    };
    collect(d.element);
  }
  return parts.join(' ');
}

/** A readable name for a (possibly anonymous) component: the chain of named ancestors. */
export function componentPath(node: XsdNode): string {
  const names: string[] = [];
  let anonymous = false;
  for (let n: XsdNode | null = node; n; n = n.parent) {
    const name = attr(n, 'name') ?? (n.kind === 'element' ? attr(n, 'ref') : undefined);
    if (name !== undefined) names.unshift(name);
    else if (n === node && (n.kind === 'complexType' || n.kind === 'simpleType')) anonymous = true;
  }
  const path = names.join('/') || node.kind;
  return anonymous ? `${path} (anonymous ${node.kind})` : path;
}

const COMPONENT_KINDS: readonly ComponentKind[] = [
  'simpleType',
  'complexType',
  'element',
  'attribute',
  'group',
  'attributeGroup',
];

export function parseSchemaDocument(file: string, source: string): SchemaDocument {
  const { text, removed } = stripDoctype(source);
  let parsed;
  try {
    parsed = parseXml(text);
  } catch (e) {
    throw new SchemaReadError(file, `${file}: not a readable XML document: ${(e as Error).message}`);
  }
  if (parsed.root.namespaceURI !== XSD_NS || parsed.root.localName !== 'schema')
    throw new SchemaReadError(file, `${file}: root element is not xsd:schema`);
  const tns = parsed.root.attributes.find(
    (a) => a.namespaceURI === null && a.localName === 'targetNamespace',
  );
  const doc: { -readonly [K in keyof SchemaDocument]: SchemaDocument[K] } = {
    file,
    targetNamespace: tns?.value ?? null,
    root: undefined as unknown as XsdNode,
    hadDoctype: removed,
  };
  doc.root = buildNode(parsed.root, doc, null, new Map());
  return doc;
}

/** Builds the model from already-parsed documents. */
export function buildSchemaSetModel(dir: string, documents: readonly SchemaDocument[]): SchemaSetModel {
  const components = new Map<ComponentKind, Map<string, XsdNode>>();
  for (const k of COMPONENT_KINDS) components.set(k, new Map());
  for (const doc of documents) {
    for (const top of doc.root.children) {
      const kind = top.kind as ComponentKind;
      const name = attr(top, 'name');
      const table = components.get(kind);
      if (!table || name === undefined) continue;
      const key = clarkName({ namespace: doc.targetNamespace, local: name });
      if (!table.has(key)) table.set(key, top);
    }
  }
  return { dir, documents, components };
}

/** Reads every *.xsd in dir (not recursive). Throws SchemaReadError when the folder or a file is unreadable. */
export function readSchemaDir(dir: string): SchemaSetModel {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith('.xsd'))
      .sort();
  } catch (e) {
    throw new SchemaReadError(null, `cannot read schema folder ${dir}: ${(e as Error).message}`);
  }
  if (names.length === 0) throw new SchemaReadError(null, `no *.xsd files in ${dir}`);
  const documents = names.map((file) => {
    let source: string;
    try {
      source = readFileSync(join(dir, file), 'utf8');
    } catch (e) {
      throw new SchemaReadError(file, `cannot read ${file}: ${(e as Error).message}`);
    }
    return parseSchemaDocument(file, source);
  });
  return buildSchemaSetModel(dir, documents);
}
