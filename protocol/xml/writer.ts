/**
 * A small namespace-aware XML writer. Callers build a tree of `WriterElement`s (namespace URI +
 * local name, attributes, children) that may embed raw `XmlElement` subtrees from the parsed tree
 * type; `writeXml` chooses prefixes, declares namespaces, escapes (protocol/xml/escape.ts) and
 * returns the document text. Output is UTF-8-ready text; nothing is pretty-printed unless
 * `indent` is given, and indentation is only ever added inside element-only content.
 *
 * `buildXmlTree` makes the same decisions but returns the tree the text would parse to (for the
 * signer, which must canonicalize what it sends without a serialize-and-parse round trip), and
 * `writeXmlFragment` writes a parsed subtree as it would be written inside given ancestors.
 */
import { SksmlError } from '../errors/sksml-error.ts';
import { DISALLOWED_CHARACTER, isNameChar, isNameStartChar } from './chars.ts';
import { escapeAttribute, escapeText } from './escape.ts';
import { DEFAULT_INTAKE_LIMITS } from './intake.ts';
import type {
  XmlAttribute,
  XmlElement,
  XmlNamespaceDeclaration,
  XmlNode,
  XmlPosition,
  XmlText,
} from './tree.ts';

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

/**
 * Names already found valid. checkName is a pure function of the name, so remembering the names
 * that passed changes nothing but the cost; the set is bounded (cleared when full).
 */
const VALID_NAMES = new Set<string>();
const MAX_REMEMBERED_NAMES = 4096;

function checkName(name: string): void {
  if (VALID_NAMES.has(name)) return;
  if (!NCNAME.test(name))
    throw new XmlWriteError('XML_WRITE_INVALID_NAME', `invalid XML name ${JSON.stringify(name)}`);
  if (VALID_NAMES.size >= MAX_REMEMBERED_NAMES) VALID_NAMES.clear();
  VALID_NAMES.add(name);
}

function checkChars(value: string): void {
  // Fast path: the regex matches exactly the characters the loop below refuses.
  if (!DISALLOWED_CHARACTER.test(value)) return;
  // Slow path: find the first offending code unit for the message.
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

// ---------------------------------------------------------------------------------------------
// Tree building (buildXmlTree): the limits and name rules of the intake parser, so that the
// tree returned is exactly the one parseXml would build from the text, or the builder gives up.

/** Thrown inside buildXmlTree when the text might not parse to the tree being built; never escapes. */
class NotRepresentable extends Error {}
const NOT_REPRESENTABLE = new NotRepresentable('the tree builder gives up');

const NO_POSITION: XmlPosition = Object.freeze({ line: 0, column: 0, offset: 0 });
const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_DECLARATIONS: readonly XmlNamespaceDeclaration[] = Object.freeze([]);

/**
 * Every text node, attribute value or comment must stay below this in the tree builder: an
 * escaped character takes at most 6 characters (`&quot;`), so the parser's raw-segment limit
 * cannot be reached either.
 */
const MAX_TREE_TEXT = Math.floor(DEFAULT_INTAKE_LIMITS.maxTextLength / 6);

interface TreeState {
  elements: number;
  declarations: number;
  /** Set when an element was written with a start and an end tag but has no child in the tree. */
  emptied: boolean;
}

/** Names the intake parser accepts (production [4] without the colon). Cached like VALID_NAMES. */
const PARSER_NAMES = new Set<string>();

function requireParserName(name: string): void {
  if (PARSER_NAMES.has(name)) return;
  let ok = name.length > 0;
  for (let i = 0; ok && i < name.length;) {
    const cp = name.codePointAt(i) as number;
    ok = cp !== 0x3a && (i === 0 ? isNameStartChar(cp) : isNameChar(cp));
    i += cp > 0xffff ? 2 : 1;
  }
  if (!ok) throw NOT_REPRESENTABLE;
  if (PARSER_NAMES.size >= MAX_REMEMBERED_NAMES) PARSER_NAMES.clear();
  PARSER_NAMES.add(name);
}

function requireShort(value: string): void {
  if (value.length > MAX_TREE_TEXT) throw NOT_REPRESENTABLE;
}

/** The checks the parser makes on a namespace declaration (checkDeclaration), as a give-up. */
function requireDeclaration(tree: TreeState, prefix: string, uri: string): void {
  if (++tree.declarations > DEFAULT_INTAKE_LIMITS.maxNamespaceDeclarations) throw NOT_REPRESENTABLE;
  if (prefix === 'xmlns' || uri === XMLNS_NS) throw NOT_REPRESENTABLE;
  if ((prefix === 'xml') !== (uri === XML_NS)) throw NOT_REPRESENTABLE;
  if (prefix !== '' && uri === '') throw NOT_REPRESENTABLE;
  if (prefix !== '') requireParserName(prefix);
  requireShort(uri);
}

/** Collects the children of one element being built, merging adjacent text as the parser does. */
class ChildList {
  readonly nodes: XmlNode[] = [];
  private text = '';
  addText(value: string): void {
    this.text += value;
  }
  add(node: XmlNode): void {
    this.flush();
    this.nodes.push(node);
  }
  flush(): void {
    if (this.text === '') return;
    requireShort(this.text);
    const node: XmlText = { kind: 'text', value: this.text, cdata: false, position: NO_POSITION };
    this.nodes.push(node);
    this.text = '';
  }
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  readonly preferred: Readonly<Record<string, string>>;
  readonly defaultNamespace: string | undefined;
  readonly indent: string | undefined;
  counter: number;
  out: string;
  /**
   * In-scope namespace bindings: prefix ('' = default) -> URI ('' = unbound default). One map for
   * the whole write: each start tag records what it changed and restores it when its element
   * ends, so the map (contents and iteration order) is always what a copy per element would be.
   */
  readonly bindings: Map<string, string>;
  /** Set by buildXmlTree and writeXmlWithCanonical: the parser's limits and name rules apply. */
  readonly tree: TreeState | null;
}

/**
 * Receives what writeXmlWithCanonical writes, element by element, so that a canonical form can be
 * produced in the same pass (protocol/wss/payload-canonical.ts). Every name, prefix and binding is
 * the one the text has; `bindings` is the writer's in-scope map at that point (read only).
 */
export interface CanonicalSink {
  /**
   * A start tag: its qualified name, prefix ('' for none) and namespace, the bindings it declares
   * (prefix, uri, previous binding, ... in declaration order; null for none) and its attributes
   * (qualified name, prefix, namespace ('' for none), local name, value, ... in written order;
   * null for none). The values are unescaped.
   */
  open(
    name: string,
    prefix: string,
    namespaceURI: string,
    declared: readonly (string | undefined)[] | null,
    attributes: readonly string[] | null,
    bindings: ReadonlyMap<string, string>,
  ): void;
  /** Character data (unescaped; adjacent calls belong to one text node). */
  text(value: string): void;
  /** An end tag; `wholeText` is the element's text when it has no element child, else null. */
  close(name: string, wholeText: string | null, bindings: ReadonlyMap<string, string>): void;
}

/** Declarations being added to one start tag. Nothing is allocated for a tag that declares nothing. */
class StartTag {
  /** prefix, uri, previous binding (for the restore), ... in declaration order. */
  private entries: (string | undefined)[] | null = null;
  /** Prefixes already used by this tag's own name or attributes (they must not be re-bound). */
  private used: string[] | null = null;
  constructor(readonly bindings: Map<string, string>) {}
  lookup(prefix: string): string | undefined {
    return this.bindings.get(prefix);
  }
  declare(prefix: string, uri: string): void {
    (this.entries ??= []).push(prefix, uri, this.bindings.get(prefix));
    this.bindings.set(prefix, uri);
  }
  declaredHere(prefix: string): boolean {
    const entries = this.entries;
    if (entries !== null) for (let k = 0; k < entries.length; k += 3) if (entries[k] === prefix) return true;
    return false;
  }
  /** Records that this tag's name or an attribute uses `prefix`. */
  use(prefix: string): void {
    const used = (this.used ??= []);
    if (!used.includes(prefix)) used.push(prefix);
  }
  /** True when `prefix` may be (re)declared on this tag. */
  canDeclare(prefix: string): boolean {
    return !this.declaredHere(prefix) && (this.used === null || !this.used.includes(prefix));
  }
  prefixFor(uri: string): string | undefined {
    // The first binding in the map's order (keys, then a lookup: no entry pair per binding).
    const bindings = this.bindings;
    for (const p of bindings.keys()) if (p !== '' && bindings.get(p) === uri) return p;
    return undefined;
  }
  /** The declarations of this tag: prefix, uri, previous binding, ...; null when none. */
  declared(): readonly (string | undefined)[] | null {
    return this.entries;
  }
  render(): string {
    const entries = this.entries;
    if (entries === null) return '';
    let s = '';
    for (let k = 0; k < entries.length; k += 3) {
      const p = entries[k] as string;
      const u = escapeAttribute(entries[k + 1] as string);
      s += p === '' ? ' xmlns="' + u + '"' : ' xmlns:' + p + '="' + u + '"';
    }
    return s;
  }
  /** The declarations as the parser reports them (prefix null for the default namespace). */
  declarations(tree: TreeState): readonly XmlNamespaceDeclaration[] {
    const entries = this.entries;
    if (entries === null) return NO_DECLARATIONS;
    const out: XmlNamespaceDeclaration[] = [];
    for (let k = 0; k < entries.length; k += 3) {
      const p = entries[k] as string;
      const u = entries[k + 1] as string;
      requireDeclaration(tree, p, u);
      // The same prefix declared twice on one tag (xmlns="a" xmlns="") is malformed.
      for (let j = 0; j < k; j += 3) if (entries[j] === p) throw NOT_REPRESENTABLE;
      out.push({ prefix: p === '' ? null : p, uri: u });
    }
    return out;
  }
  /** Restores the bindings this tag changed. */
  restore(): void {
    const entries = this.entries;
    if (entries === null) return;
    for (let k = entries.length - 3; k >= 0; k -= 3) {
      const prefix = entries[k] as string;
      const previous = entries[k + 2];
      if (previous === undefined) this.bindings.delete(prefix);
      else this.bindings.set(prefix, previous);
    }
  }
}

function freshPrefix(ctx: Ctx, tag: StartTag): string {
  for (;;) {
    const p = `ns${++ctx.counter}`;
    if (tag.lookup(p) === undefined) return p;
  }
}

/** A prefix bound to `uri` for an attribute or a prefixed element, declaring one if needed. */
function ensurePrefix(ctx: Ctx, tag: StartTag, uri: string, hint: string | null): string {
  const p = choosePrefix(ctx, tag, uri, hint);
  tag.use(p);
  return p;
}

function choosePrefix(ctx: Ctx, tag: StartTag, uri: string, hint: string | null): string {
  if (uri === XML_NS) return 'xml';
  if (hint !== null && hint !== '' && hint !== 'xml' && hint !== 'xmlns') {
    if (tag.lookup(hint) === uri) return hint;
    if (tag.canDeclare(hint)) {
      checkName(hint);
      tag.declare(hint, uri);
      return hint;
    }
  }
  const existing = tag.prefixFor(uri);
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

/**
 * The prefix of an element in `uri` ('' when it is written unprefixed), declaring what it needs;
 * the default namespace is used when allowed.
 */
function elementPrefix(
  ctx: Ctx,
  tag: StartTag,
  uri: string | null,
  localName: string,
  hint: string | null,
): string {
  checkName(localName);
  if (uri === null || uri === '') {
    const def = tag.lookup('');
    if (def !== undefined && def !== '') tag.declare('', '');
    return '';
  }
  if (hint === '' || (hint === null && ctx.defaultNamespace === uri)) {
    if (tag.lookup('') !== uri) tag.declare('', uri);
    return '';
  }
  return ensurePrefix(ctx, tag, uri, hint);
}

function qualifiedName(prefix: string, localName: string): string {
  return prefix === '' ? localName : prefix + ':' + localName;
}

function writeText(ctx: Ctx, value: string, into: ChildList | null): void {
  checkChars(value);
  ctx.out += escapeText(value);
  into?.addText(value);
}

function duplicateAttribute(localName: string): XmlWriteError {
  return new XmlWriteError('XML_WRITE_INVALID_NAME', `duplicate attribute ${localName}`);
}

function attributeKey(a: WriterAttribute): string {
  return `${a.namespaceURI ?? ''}|${a.localName}`;
}

/**
 * Throws when attribute `k` has the namespace and local name of an earlier one (the writer's own
 * rule, checked attribute by attribute so errors come in the same order as ever). Short lists are
 * compared directly; from the 9th attribute on, `seen` holds the keys.
 */
function checkNotSeen(
  attrs: readonly WriterAttribute[],
  k: number,
  seen: Set<string> | null,
): Set<string> | null {
  const a = attrs[k] as WriterAttribute;
  if (k < 8) {
    const ns = a.namespaceURI ?? '';
    for (let j = 0; j < k; j++) {
      const b = attrs[j] as WriterAttribute;
      if (b.localName === a.localName && (b.namespaceURI ?? '') === ns) throw duplicateAttribute(a.localName);
    }
    return null;
  }
  if (seen === null) {
    seen = new Set<string>();
    for (let j = 0; j < k; j++) seen.add(attributeKey(attrs[j] as WriterAttribute));
  }
  const key = attributeKey(a);
  if (seen.has(key)) throw duplicateAttribute(a.localName);
  seen.add(key);
  return seen;
}

/** Writes the attributes of one start tag (declaring prefixes on `tag`); collects them for a tree. */
function writeAttributes(
  ctx: Ctx,
  tag: StartTag,
  attrs: readonly (WriterAttribute | XmlAttribute)[],
  collect: XmlAttribute[] | null,
  canonical: string[] | null = null,
): string {
  let s = '';
  let seen: Set<string> | null = null;
  for (let k = 0; k < attrs.length; k++) {
    const a = attrs[k] as WriterAttribute | XmlAttribute;
    if (k > 0) seen = checkNotSeen(attrs, k, seen);
    const uri = a.namespaceURI;
    if (uri === XMLNS_NS) continue;
    checkChars(a.value);
    checkName(a.localName);
    let prefix = '';
    if (uri !== null && uri !== '') {
      const hint = 'prefix' in a ? a.prefix : null;
      prefix = ensurePrefix(ctx, tag, uri, hint);
    }
    const name = qualifiedName(prefix, a.localName);
    s += ' ' + name + '="' + escapeAttribute(a.value) + '"';
    if (ctx.tree !== null) {
      if (prefix === '' && a.localName === 'xmlns') throw NOT_REPRESENTABLE;
      if (prefix !== '' && prefix !== 'xml') requireParserName(prefix);
      requireParserName(a.localName);
      requireShort(a.value);
    }
    if (canonical !== null)
      canonical.push(name, prefix, prefix === '' ? '' : (uri as string), a.localName, a.value);
    if (collect !== null) {
      collect.push({
        name,
        prefix: prefix === '' ? null : prefix,
        localName: a.localName,
        namespaceURI: prefix === '' ? null : uri,
        value: a.value,
        position: NO_POSITION,
      });
    }
  }
  return s;
}

function isElementOnly(children: readonly WriterChild[]): boolean {
  return children.length > 0 && children.every((c) => typeof c !== 'string');
}

/** The element node for a tree, with the parser's per-element limits and name rules. */
function treeElement(
  tree: TreeState,
  depth: number,
  tag: StartTag,
  prefix: string,
  name: string,
  localName: string,
  attributes: readonly XmlAttribute[],
  children: readonly XmlNode[],
): XmlElement {
  const namespaceDeclarations = checkTreeElement(tree, depth, tag, prefix, localName, attributes.length);
  const uri = prefix === '' ? tag.lookup('') : prefix === 'xml' ? XML_NS : tag.lookup(prefix);
  return {
    kind: 'element',
    name,
    prefix: prefix === '' ? null : prefix,
    localName,
    namespaceURI: uri === undefined || uri === '' ? null : uri,
    attributes: attributes.length === 0 ? NO_ATTRIBUTES : attributes,
    namespaceDeclarations,
    children,
    position: NO_POSITION,
  };
}

/** The parser's per-element limits and name rules (treeElement); returns the declarations. */
function checkTreeElement(
  tree: TreeState,
  depth: number,
  tag: StartTag,
  prefix: string,
  localName: string,
  attributeCount: number,
): readonly XmlNamespaceDeclaration[] {
  if (++tree.elements > DEFAULT_INTAKE_LIMITS.maxElements) throw NOT_REPRESENTABLE;
  if (depth + 1 > DEFAULT_INTAKE_LIMITS.maxDepth) throw NOT_REPRESENTABLE;
  if (prefix === 'xmlns') throw NOT_REPRESENTABLE;
  if (prefix !== '' && prefix !== 'xml') requireParserName(prefix);
  requireParserName(localName);
  const namespaceDeclarations = tag.declarations(tree);
  if (namespaceDeclarations.length + attributeCount > DEFAULT_INTAKE_LIMITS.maxAttributesPerElement)
    throw NOT_REPRESENTABLE;
  return namespaceDeclarations;
}

/**
 * writeBuilt for writeXmlWithCanonical: the same text (the same code decides every prefix and
 * declaration and writes every character), the same give-ups as the tree builder (limits, names,
 * merged text length, an element emptied of its only text), no tree: each element goes to the
 * sink. A raw parsed subtree gives up (the signer's other path handles those).
 */
function writeBuiltCanonical(
  ctx: Ctx,
  canon: CanonicalSink,
  tree: TreeState,
  el: WriterElement,
  depth: number,
  rootDecls: readonly string[] | null,
): void {
  const tag = new StartTag(ctx.bindings);
  if (rootDecls !== null)
    for (let k = 0; k < rootDecls.length; k += 2)
      tag.declare(rootDecls[k] as string, rootDecls[k + 1] as string);
  const prefix = elementPrefix(ctx, tag, el.namespaceURI, el.localName, null);
  const name = qualifiedName(prefix, el.localName);
  const attributes = el.attributes;
  const canonicalAttributes: string[] | null = attributes.length === 0 ? null : [];
  const attrs = writeAttributes(ctx, tag, attributes, null, canonicalAttributes);
  checkTreeElement(tree, depth, tag, prefix, el.localName, attributes.length);
  const uri = prefix === '' ? tag.lookup('') : prefix === 'xml' ? XML_NS : tag.lookup(prefix);
  canon.open(name, prefix, uri ?? '', tag.declared(), canonicalAttributes, ctx.bindings);
  const children = el.children;
  let wholeText: string | null = '';
  if (children.length === 0) {
    ctx.out += '<' + name + tag.render() + attrs + '/>';
  } else {
    ctx.out += '<' + name + tag.render() + attrs + '>';
    let run = '';
    let nodes = 0;
    for (let k = 0; k < children.length; k++) {
      const child = children[k] as WriterChild;
      if (typeof child === 'string') {
        checkChars(child);
        ctx.out += escapeText(child);
        canon.text(child);
        run += child;
        if (wholeText !== null) wholeText += child;
      } else if (child.kind === 'writer-element') {
        // Adjacent text is one node: its length is checked when an element ends it.
        if (run !== '') {
          requireShort(run);
          run = '';
          nodes++;
        }
        writeBuiltCanonical(ctx, canon, tree, child, depth + 1, null);
        wholeText = null;
        nodes++;
      } else throw NOT_REPRESENTABLE;
    }
    if (run !== '') {
      requireShort(run);
      nodes++;
    }
    // Written as a start-end pair around empty text: the tree path rewrites it (see BuiltXml).
    if (nodes === 0) throw NOT_REPRESENTABLE;
    ctx.out += '</' + name + '>';
  }
  canon.close(name, wholeText, ctx.bindings);
  tag.restore();
}

function writeBuilt(
  ctx: Ctx,
  el: WriterElement,
  depth: number,
  rootDecls: readonly string[] | null,
): XmlElement | null {
  const tag = new StartTag(ctx.bindings);
  if (rootDecls !== null)
    for (let k = 0; k < rootDecls.length; k += 2)
      tag.declare(rootDecls[k] as string, rootDecls[k + 1] as string);
  const prefix = elementPrefix(ctx, tag, el.namespaceURI, el.localName, null);
  const name = qualifiedName(prefix, el.localName);
  const tree = ctx.tree;
  const collected: XmlAttribute[] | null = tree === null ? null : [];
  const attrs = writeAttributes(ctx, tag, el.attributes, collected);
  const children = el.children;
  let built: ChildList | null = null;
  if (children.length === 0) {
    ctx.out += '<' + name + tag.render() + attrs + '/>';
  } else {
    ctx.out += '<' + name + tag.render() + attrs + '>';
    if (tree !== null) built = new ChildList();
    const indent = ctx.indent !== undefined && isElementOnly(children) ? ctx.indent : undefined;
    for (let k = 0; k < children.length; k++) {
      const child = children[k] as WriterChild;
      if (indent !== undefined) writeIndent(ctx, indent, depth + 1, built);
      if (typeof child === 'string') writeText(ctx, child, built);
      else if (child.kind === 'writer-element') {
        const node = writeBuilt(ctx, child, depth + 1, null);
        if (node !== null) built?.add(node);
      } else {
        const node = writeRaw(ctx, child, depth + 1);
        if (node !== null) built?.add(node);
      }
    }
    if (indent !== undefined) writeIndent(ctx, indent, depth, built);
    ctx.out += '</' + name + '>';
  }
  return finishElement(ctx, tag, depth, prefix, name, el.localName, collected, built);
}

/**
 * After an element's end: its tree node, when a tree is being built (with the children written
 * into `built`), and the bindings its start tag made undone.
 */
function finishElement(
  ctx: Ctx,
  tag: StartTag,
  depth: number,
  prefix: string,
  name: string,
  localName: string,
  collected: XmlAttribute[] | null,
  built: ChildList | null,
): XmlElement | null {
  const tree = ctx.tree;
  let node: XmlElement | null = null;
  if (tree !== null && collected !== null) {
    built?.flush();
    if (built !== null && built.nodes.length === 0) tree.emptied = true;
    node = treeElement(tree, depth, tag, prefix, name, localName, collected, built?.nodes ?? []);
  }
  tag.restore();
  return node;
}

function writeIndent(ctx: Ctx, indent: string, depth: number, into: ChildList | null): void {
  const text = '\n' + indent.repeat(depth);
  ctx.out += text;
  into?.addText(text);
}

function writeRaw(ctx: Ctx, el: XmlElement, depth: number): XmlElement | null {
  const tag = new StartTag(ctx.bindings);
  const declarations = el.namespaceDeclarations;
  for (let k = 0; k < declarations.length; k++) {
    const d = declarations[k] as XmlNamespaceDeclaration;
    const p = d.prefix ?? '';
    if (p === 'xml' || p === 'xmlns') continue;
    if (tag.lookup(p) !== d.uri && !tag.declaredHere(p)) {
      if (p !== '') checkName(p);
      tag.declare(p, d.uri);
    }
  }
  const hint = el.namespaceURI === null ? null : (el.prefix ?? '');
  const prefix = elementPrefix(ctx, tag, el.namespaceURI, el.localName, hint);
  const name = qualifiedName(prefix, el.localName);
  const tree = ctx.tree;
  const collected: XmlAttribute[] | null = tree === null ? null : [];
  const attrs = writeAttributes(ctx, tag, el.attributes, collected);
  const children = el.children;
  let built: ChildList | null = null;
  if (children.length === 0) {
    ctx.out += '<' + name + tag.render() + attrs + '/>';
  } else {
    ctx.out += '<' + name + tag.render() + attrs + '>';
    if (tree !== null) built = new ChildList();
    for (let k = 0; k < children.length; k++) writeRawNode(ctx, children[k] as XmlNode, depth + 1, built);
    ctx.out += '</' + name + '>';
  }
  return finishElement(ctx, tag, depth, prefix, name, el.localName, collected, built);
}

function writeRawNode(ctx: Ctx, node: XmlNode, depth: number, into: ChildList | null): void {
  if (node.kind === 'element') {
    const written = writeRaw(ctx, node, depth);
    if (written !== null) into?.add(written);
  } else if (node.kind === 'text') writeText(ctx, node.value, into);
  else {
    checkChars(node.value);
    if (node.value.includes('--') || node.value.endsWith('-'))
      throw new XmlWriteError(
        'XML_WRITE_INVALID_COMMENT',
        'comment text may not contain "--" or end with "-"',
      );
    ctx.out += '<!--' + node.value + '-->';
    if (into !== null) {
      requireShort(node.value);
      into.add({ kind: 'comment', value: node.value, position: NO_POSITION });
    }
  }
}

/**
 * Namespaces with a preferred prefix that built elements/attributes use, in first-use order, as
 * prefix, uri, prefix, uri, ...
 */
function collectRootNamespaces(root: WriterElement, ctx: Ctx): string[] {
  const found = new Map<string, string>();
  const taken = new Set<string>();
  let preferredValues: Set<string> | null = null;
  // elementsOnlyUse(root, defaultNamespace) is a pure function of the tree: computed once.
  let defaultOnly: boolean | null = null;
  const onlyDefault = (uri: string): boolean => (defaultOnly ??= elementsOnlyUse(root, uri));
  const consider = (uri: string | null): void => {
    if (uri === null || uri === '' || uri === XML_NS || found.has(uri)) return;
    const preferred = ctx.preferred[uri];
    if (preferred !== undefined && !taken.has(preferred)) {
      found.set(uri, preferred);
      taken.add(preferred);
    } else if (uri !== ctx.defaultNamespace || !onlyDefault(uri)) {
      preferredValues ??= new Set(Object.values(ctx.preferred));
      let p: string;
      do p = `ns${++ctx.counter}`;
      while (taken.has(p) || preferredValues.has(p));
      found.set(uri, p);
      taken.add(p);
    }
  };
  const stack: WriterElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as WriterElement;
    consider(el.namespaceURI);
    const attributes = el.attributes;
    for (let k = 0; k < attributes.length; k++) consider((attributes[k] as WriterAttribute).namespaceURI);
    const children = el.children;
    for (let k = children.length - 1; k >= 0; k--) {
      const c = children[k] as WriterChild;
      if (typeof c !== 'string' && c.kind === 'writer-element') stack.push(c);
    }
  }
  const decls: string[] = [];
  if (ctx.defaultNamespace !== undefined) decls.push('', ctx.defaultNamespace);
  for (const [uri, p] of found) {
    if (uri === ctx.defaultNamespace && onlyDefault(uri)) continue;
    decls.push(p, uri);
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

function newContext(options: WriteXmlOptions, tree: TreeState | null, bindings: Map<string, string>): Ctx {
  return {
    preferred: options.prefixes ?? {},
    defaultNamespace: options.defaultNamespace,
    indent: options.indent,
    counter: 0,
    out: '',
    bindings,
    tree,
  };
}

/**
 * Writes `root` (a built element or a raw XmlElement) as XML text. Built elements get the
 * preferred prefixes, declared once on the root; raw subtrees keep their own prefixes, with
 * declarations added wherever the surrounding scope does not already bind them.
 */
export function writeXml(root: WriterElement | XmlElement, options: WriteXmlOptions = {}): string {
  const ctx = newContext(options, null, new Map([['xml', XML_NS]]));
  if (options.xmlDeclaration) ctx.out += '<?xml version="1.0" encoding="UTF-8"?>';
  if (options.xmlDeclaration && options.indent !== undefined) ctx.out += '\n';
  if (root.kind === 'writer-element') writeBuilt(ctx, root, 0, collectRootNamespaces(root, ctx));
  else writeRaw(ctx, root, 0);
  return ctx.out;
}

/**
 * Writes a raw subtree as `writeXml` writes it inside ancestors that declare `inScope` (outermost
 * first): declarations those ancestors already make are not repeated.
 */
export function writeXmlFragment(root: XmlElement, inScope: readonly XmlNamespaceDeclaration[]): string {
  const bindings = new Map([['xml', XML_NS]]);
  for (const d of inScope) bindings.set(d.prefix ?? '', d.uri);
  const ctx = newContext({}, null, bindings);
  writeRaw(ctx, root, 0);
  return ctx.out;
}

/**
 * The tree `parseXml(writeXml(root, options)).root` gives (every position zero), built without
 * writing and parsing: same prefixes, declarations, merged text and comments. Returns null when
 * the parser might refuse the text or read it differently (an intake limit within reach, a name
 * or namespace binding the parser refuses): the caller then takes the text path, which decides
 * exactly as before. Otherwise throws the XmlWriteError writeXml would throw (when it gives up
 * first, the text path meets that error itself).
 */
export function buildXmlTree(
  root: WriterElement,
  options: Pick<WriteXmlOptions, 'prefixes' | 'defaultNamespace'> = {},
): XmlElement | null {
  return buildXmlTreeWithText(root, options)?.tree ?? null;
}

/** A built tree and the text it stands for (`writeXml(root, options)`, which was written alongside). */
export interface BuiltXml {
  readonly tree: XmlElement;
  readonly text: string;
  /**
   * True when writing the tree again (`writeXml(tree)`) gives `text` itself. It does unless an
   * element was written as a start-end pair around nothing but empty text: the tree has no child
   * there, so it is written again as an empty-element tag.
   */
  readonly rewritesAsText: boolean;
}

/** buildXmlTree, also returning the text `writeXml(root, options)` gives (written in the same pass). */
export function buildXmlTreeWithText(
  root: WriterElement,
  options: Pick<WriteXmlOptions, 'prefixes' | 'defaultNamespace'> = {},
): BuiltXml | null {
  const state: TreeState = { elements: 0, declarations: 0, emptied: false };
  const ctx = newContext(options, state, new Map([['xml', XML_NS]]));
  try {
    const built = writeBuilt(ctx, root, 0, collectRootNamespaces(root, ctx));
    // The byte limit of intake, on the very text the tree stands for.
    if (built === null || Buffer.byteLength(ctx.out, 'utf8') > DEFAULT_INTAKE_LIMITS.maxBytes) return null;
    return { tree: built, text: ctx.out, rewritesAsText: !state.emptied };
  } catch (e) {
    if (e === NOT_REPRESENTABLE) return null;
    throw e;
  }
}

/**
 * `writeXml(root)` (no options), with every element also given to `sink` in the same pass, or
 * null when buildXmlTree would return null (the parser might read the text differently) or the
 * tree holds a raw parsed subtree. Throws the XmlWriteError writeXml would throw.
 */
export function writeXmlWithCanonical(root: WriterElement, sink: CanonicalSink): string | null {
  const state: TreeState = { elements: 0, declarations: 0, emptied: false };
  const ctx = newContext({}, state, new Map([['xml', XML_NS]]));
  try {
    writeBuiltCanonical(ctx, sink, state, root, 0, collectRootNamespaces(root, ctx));
  } catch (e) {
    if (e === NOT_REPRESENTABLE) return null;
    throw e;
  }
  // The byte limit of intake, on the very text written.
  if (Buffer.byteLength(ctx.out, 'utf8') > DEFAULT_INTAKE_LIMITS.maxBytes) return null;
  return ctx.out;
}
