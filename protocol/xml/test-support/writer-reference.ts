/**
 * TEST SUPPORT ONLY. The writer as it was before the H31 performance work (per-element scope
 * copies, array output), kept unchanged as the oracle of writer.test.ts's property tests: the
 * current writer must produce byte-identical text and the same errors.
 */
import { SksmlError } from '../../errors/sksml-error.ts';
import { escapeAttribute, escapeText } from '../escape.ts';
import type { XmlAttribute, XmlElement, XmlNode } from '../tree.ts';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface WriterAttribute {
  readonly namespaceURI: string | null;
  readonly localName: string;
  readonly value: string;
}

export interface WriterElement {
  readonly kind: 'writer-element';
  readonly namespaceURI: string | null;
  readonly localName: string;
  readonly attributes: readonly WriterAttribute[];
  readonly children: readonly WriterChild[];
}

/** A child: a built element, text, or a raw parsed subtree written as it is. */
export type WriterChild = WriterElement | XmlElement | string;

export interface WriteXmlOptions {
  /** Preferred prefix per namespace URI (e.g. `{ [SKSML_NS]: 'ekmi' }`). Others get `ns1`, `ns2`, ... */
  readonly prefixes?: Readonly<Record<string, string>>;
  /** Namespace written as the default namespace (unprefixed elements); attributes still get a prefix. */
  readonly defaultNamespace?: string;
  /** Indentation unit (e.g. `'  '`) for element-only content; none by default. */
  readonly indent?: string;
  /** Prepend `<?xml version="1.0" encoding="UTF-8"?>`. Default false. */
  readonly xmlDeclaration?: boolean;
}

/** A value that cannot be written as well-formed XML (bad name, forbidden character, ...). */
export class XmlWriteError extends SksmlError {
  constructor(
    code: 'XML_WRITE_INVALID_NAME' | 'XML_WRITE_INVALID_CHARACTER' | 'XML_WRITE_INVALID_COMMENT',
    message: string,
  ) {
    super(code, message);
  }
}

/** Builds an element. `children` may mix built elements, raw XmlElements and text. */
export function element(
  namespaceURI: string | null,
  localName: string,
  children: readonly (WriterChild | null | undefined | false)[] = [],
  attributes: readonly WriterAttribute[] = [],
): WriterElement {
  return {
    kind: 'writer-element',
    namespaceURI,
    localName,
    attributes,
    children: children.filter((c): c is WriterChild => c !== null && c !== undefined && c !== false),
  };
}

/** Builds an element whose only child is `value` as text (omitted when empty). */
export function textElement(
  namespaceURI: string | null,
  localName: string,
  value: string,
  attributes: readonly WriterAttribute[] = [],
): WriterElement {
  return element(namespaceURI, localName, value === '' ? [] : [value], attributes);
}

export function attribute(namespaceURI: string | null, localName: string, value: string): WriterAttribute {
  return { namespaceURI, localName, value };
}

// ---------------------------------------------------------------------------------------------

const NCNAME = /^[\p{L}_][\p{L}\p{N}\p{Mn}\p{Mc}._\-\u00B7\u203F\u2040]*$/u;

function checkName(name: string): void {
  if (!NCNAME.test(name))
    throw new XmlWriteError('XML_WRITE_INVALID_NAME', `invalid XML name ${JSON.stringify(name)}`);
}

function checkChars(value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) throw invalidChar(c);
    if (c === 0xfffe || c === 0xffff) throw invalidChar(c);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw invalidChar(c);
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) throw invalidChar(c);
  }
}

function invalidChar(code: number): XmlWriteError {
  return new XmlWriteError(
    'XML_WRITE_INVALID_CHARACTER',
    `character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
  );
}

/** True when `value` only has characters XML 1.0 allows. */
export function isXmlText(value: string): boolean {
  try {
    checkChars(value);
    return true;
  } catch {
    return false;
  }
}

/** In-scope namespace bindings: prefix ('' = default) -> URI ('' = unbound default). */
class Scope {
  private readonly bindings: Map<string, string>;
  constructor(parent?: Scope) {
    this.bindings = new Map(parent?.bindings ?? [['xml', XML_NS]]);
  }
  lookup(prefix: string): string | undefined {
    return this.bindings.get(prefix);
  }
  bind(prefix: string, uri: string): void {
    this.bindings.set(prefix, uri);
  }
  prefixFor(uri: string): string | undefined {
    for (const [p, u] of this.bindings) if (u === uri && p !== '') return p;
    return undefined;
  }
}

interface Ctx {
  readonly preferred: Readonly<Record<string, string>>;
  readonly defaultNamespace: string | undefined;
  readonly indent: string | undefined;
  counter: number;
  out: string[];
}

/** Declarations being added to one start tag. */
class StartTag {
  readonly decls: [string, string][] = [];
  /** Prefixes already used by this tag's own name or attributes (they must not be re-bound). */
  readonly used = new Set<string>();
  constructor(readonly scope: Scope) {}
  declare(prefix: string, uri: string): void {
    this.decls.push([prefix, uri]);
    this.scope.bind(prefix, uri);
  }
  declaredHere(prefix: string): boolean {
    return this.decls.some(([p]) => p === prefix);
  }
  /** True when `prefix` may be (re)declared on this tag. */
  canDeclare(prefix: string): boolean {
    return !this.declaredHere(prefix) && !this.used.has(prefix);
  }
  render(): string {
    return this.decls
      .map(([p, u]) => (p === '' ? ` xmlns="${escapeAttribute(u)}"` : ` xmlns:${p}="${escapeAttribute(u)}"`))
      .join('');
  }
}

function freshPrefix(ctx: Ctx, tag: StartTag): string {
  for (;;) {
    const p = `ns${++ctx.counter}`;
    if (tag.scope.lookup(p) === undefined) return p;
  }
}

/** A prefix bound to `uri` for an attribute or a prefixed element, declaring one if needed. */
function ensurePrefix(ctx: Ctx, tag: StartTag, uri: string, hint: string | null): string {
  const p = choosePrefix(ctx, tag, uri, hint);
  tag.used.add(p);
  return p;
}

function choosePrefix(ctx: Ctx, tag: StartTag, uri: string, hint: string | null): string {
  if (uri === XML_NS) return 'xml';
  if (hint !== null && hint !== '' && hint !== 'xml' && hint !== 'xmlns') {
    if (tag.scope.lookup(hint) === uri) return hint;
    if (tag.canDeclare(hint)) {
      checkName(hint);
      tag.declare(hint, uri);
      return hint;
    }
  }
  const existing = tag.scope.prefixFor(uri);
  if (existing !== undefined) return existing;
  const preferred = ctx.preferred[uri];
  if (preferred !== undefined && tag.canDeclare(preferred)) {
    checkName(preferred);
    tag.declare(preferred, uri);
    return preferred;
  }
  const p = freshPrefix(ctx, tag);
  tag.declare(p, uri);
  return p;
}

/** The qualified name of an element in `uri`, written with the default namespace when allowed. */
function elementName(
  ctx: Ctx,
  tag: StartTag,
  uri: string | null,
  localName: string,
  hint: string | null,
): string {
  checkName(localName);
  if (uri === null || uri === '') {
    const def = tag.scope.lookup('');
    if (def !== undefined && def !== '') tag.declare('', '');
    return localName;
  }
  if (hint === '' || (hint === null && ctx.defaultNamespace === uri)) {
    if (tag.scope.lookup('') !== uri) tag.declare('', uri);
    return localName;
  }
  return `${ensurePrefix(ctx, tag, uri, hint)}:${localName}`;
}

function attributeName(
  ctx: Ctx,
  tag: StartTag,
  uri: string | null,
  localName: string,
  hint: string | null,
): string {
  checkName(localName);
  if (uri === null || uri === '') return localName;
  return `${ensurePrefix(ctx, tag, uri, hint)}:${localName}`;
}

function writeText(ctx: Ctx, value: string): void {
  checkChars(value);
  ctx.out.push(escapeText(value));
}

function writeAttributes(
  ctx: Ctx,
  tag: StartTag,
  attrs: readonly (WriterAttribute | XmlAttribute)[],
): string {
  const seen = new Set<string>();
  let s = '';
  for (const a of attrs) {
    const hint = 'prefix' in a ? a.prefix : null;
    const key = `${a.namespaceURI ?? ''}|${a.localName}`;
    if (seen.has(key))
      throw new XmlWriteError('XML_WRITE_INVALID_NAME', `duplicate attribute ${a.localName}`);
    seen.add(key);
    if (a.namespaceURI === XMLNS_NS) continue;
    checkChars(a.value);
    s += ` ${attributeName(ctx, tag, a.namespaceURI, a.localName, hint)}="${escapeAttribute(a.value)}"`;
  }
  return s;
}

function isElementOnly(children: readonly WriterChild[]): boolean {
  return children.length > 0 && children.every((c) => typeof c !== 'string');
}

function writeBuilt(
  ctx: Ctx,
  el: WriterElement,
  scope: Scope,
  depth: number,
  rootDecls: readonly [string, string][],
): void {
  const tag = new StartTag(new Scope(scope));
  for (const [p, u] of rootDecls) tag.declare(p, u);
  const name = elementName(ctx, tag, el.namespaceURI, el.localName, null);
  const attrs = writeAttributes(ctx, tag, el.attributes);
  const head = `<${name}`;
  if (el.children.length === 0) {
    ctx.out.push(`${head}${tag.render()}${attrs}/>`);
    return;
  }
  ctx.out.push(`${head}${tag.render()}${attrs}>`);
  const indent = ctx.indent !== undefined && isElementOnly(el.children) ? ctx.indent : undefined;
  for (const child of el.children) {
    if (indent !== undefined) ctx.out.push(`\n${indent.repeat(depth + 1)}`);
    if (typeof child === 'string') writeText(ctx, child);
    else if (child.kind === 'writer-element') writeBuilt(ctx, child, tag.scope, depth + 1, []);
    else writeRaw(ctx, child, tag.scope);
  }
  if (indent !== undefined) ctx.out.push(`\n${indent.repeat(depth)}`);
  ctx.out.push(`</${name}>`);
}

function writeRaw(ctx: Ctx, el: XmlElement, scope: Scope): void {
  const tag = new StartTag(new Scope(scope));
  for (const d of el.namespaceDeclarations) {
    const p = d.prefix ?? '';
    if (p === 'xml' || p === 'xmlns') continue;
    if (tag.scope.lookup(p) !== d.uri && !tag.declaredHere(p)) {
      if (p !== '') checkName(p);
      tag.declare(p, d.uri);
    }
  }
  const hint = el.namespaceURI === null ? null : (el.prefix ?? '');
  const name = elementName(ctx, tag, el.namespaceURI, el.localName, hint);
  const attrs = writeAttributes(ctx, tag, el.attributes);
  const children = el.children;
  if (children.length === 0) {
    ctx.out.push(`<${name}${tag.render()}${attrs}/>`);
    return;
  }
  ctx.out.push(`<${name}${tag.render()}${attrs}>`);
  for (const child of children) writeRawNode(ctx, child, tag.scope);
  ctx.out.push(`</${name}>`);
}

function writeRawNode(ctx: Ctx, node: XmlNode, scope: Scope): void {
  if (node.kind === 'element') writeRaw(ctx, node, scope);
  else if (node.kind === 'text') writeText(ctx, node.value);
  else {
    checkChars(node.value);
    if (node.value.includes('--') || node.value.endsWith('-'))
      throw new XmlWriteError(
        'XML_WRITE_INVALID_COMMENT',
        'comment text may not contain "--" or end with "-"',
      );
    ctx.out.push(`<!--${node.value}-->`);
  }
}

/** Namespaces with a preferred prefix that built elements/attributes use, in first-use order. */
function collectRootNamespaces(root: WriterElement, ctx: Ctx): [string, string][] {
  const found = new Map<string, string>();
  const visit = (el: WriterElement): void => {
    const uris = [el.namespaceURI, ...el.attributes.map((a) => a.namespaceURI)];
    for (const uri of uris) {
      if (uri === null || uri === '' || uri === XML_NS || found.has(uri)) continue;
      const preferred = ctx.preferred[uri];
      const taken = [...found.values()];
      if (preferred !== undefined && !taken.includes(preferred)) found.set(uri, preferred);
      else if (uri !== ctx.defaultNamespace || !elementsOnlyUse(root, uri)) {
        let p: string;
        do p = `ns${++ctx.counter}`;
        while (taken.includes(p) || Object.values(ctx.preferred).includes(p));
        found.set(uri, p);
      }
    }
    for (const c of el.children) if (typeof c !== 'string' && c.kind === 'writer-element') visit(c);
  };
  visit(root);
  const decls: [string, string][] = [];
  if (ctx.defaultNamespace !== undefined) decls.push(['', ctx.defaultNamespace]);
  for (const [uri, p] of found) {
    if (uri === ctx.defaultNamespace && elementsOnlyUse(root, uri)) continue;
    decls.push([p, uri]);
  }
  return decls;
}

/** True when `uri` is only used by element names (so no prefix is needed besides the default). */
function elementsOnlyUse(el: WriterElement, uri: string): boolean {
  if (el.attributes.some((a) => a.namespaceURI === uri)) return false;
  return el.children.every(
    (c) => typeof c === 'string' || c.kind !== 'writer-element' || elementsOnlyUse(c, uri),
  );
}

/**
 * Writes `root` (a built element or a raw XmlElement) as XML text. Built elements get the
 * preferred prefixes, declared once on the root; raw subtrees keep their own prefixes, with
 * declarations added wherever the surrounding scope does not already bind them.
 */
export function writeXml(root: WriterElement | XmlElement, options: WriteXmlOptions = {}): string {
  const ctx: Ctx = {
    preferred: options.prefixes ?? {},
    defaultNamespace: options.defaultNamespace,
    indent: options.indent,
    counter: 0,
    out: [],
  };
  if (options.xmlDeclaration) ctx.out.push('<?xml version="1.0" encoding="UTF-8"?>');
  if (options.xmlDeclaration && options.indent !== undefined) ctx.out.push('\n');
  const scope = new Scope();
  if (root.kind === 'writer-element') writeBuilt(ctx, root, scope, 0, collectRootNamespaces(root, ctx));
  else writeRaw(ctx, root, scope);
  return ctx.out.join('');
}
