/**
 * Exclusive XML Canonicalization 1.0 (W3C Recommendation 18 July 2002), with and without
 * comments, with an InclusiveNamespaces PrefixList, over the project's tree. Used for the
 * digests of the SOAP Body, wsu:Timestamp and ds:SignedInfo.
 *
 * Namespace rendering. A namespace declaration is written on an output element E when
 *  - its prefix is visibly utilized by E (E's own prefix, or '' for an unprefixed E; the prefix
 *    of any of E's attributes), or it is on the inclusive prefix list and in scope at E
 *    ('#default' names the default namespace), and
 *  - the nearest output ancestor did not already render the same prefix with the same value.
 * An unprefixed E whose default namespace is empty writes xmlns="" only when an output ancestor
 * rendered a non-empty default namespace. The xml prefix is never declared.
 * The namespace of a visibly utilized prefix is taken from the node itself (its resolved
 * namespaceURI), so a subtree canonicalizes correctly without knowing its ancestors; only the
 * inclusive prefix list needs `ancestorNamespaces` (see namespace-scope.ts).
 *
 * Relative namespace URIs are not rejected (the parser accepts them and the signature layer
 * never produces them). The traversal is iterative, so any depth is safe.
 */
import { escapeAttribute, escapeText } from './escape.ts';
import type { XmlAttribute, XmlDocument, XmlElement, XmlNamespaceDeclaration } from './tree.ts';

export interface CanonicalizeOptions {
  /** Keep comments (the #WithComments variant). Default false. */
  readonly withComments?: boolean;
  /** InclusiveNamespaces PrefixList; '#default' stands for the default namespace. */
  readonly inclusivePrefixes?: readonly string[];
  /**
   * Namespace declarations in scope from the ancestors of the element being canonicalized,
   * outermost first (later ones override earlier ones; uri '' undeclares the default).
   */
  readonly ancestorNamespaces?: readonly XmlNamespaceDeclaration[];
}

/** Changes to undo when an element ends: key, previous value, key, previous value, ... */
type Undo = (string | undefined)[] | null;

interface Frame {
  readonly element: XmlElement;
  next: number;
  readonly scopeUndo: Undo;
  readonly renderedUndo: Undo;
}

/** Compares strings by Unicode code point (UTF-16 order differs above U+D7FF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (D800-DFFF) encode code points above FFFF: move them past E000-FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** A namespace declaration as canonical XML writes it (' xmlns="uri"' or ' xmlns:p="uri"'). */
export function namespaceAttribute(prefix: string, uri: string): string {
  return (prefix === '' ? ' xmlns="' : ' xmlns:' + prefix + '="') + escapeAttribute(uri) + '"';
}

/**
 * Moves the (prefix, uri) pair at index `k` of a flat pair list left to its place among the pairs
 * before it, which are sorted by prefix (code points); equal prefixes keep their order. Called for
 * each pair in turn, it is a stable insertion sort (the lists are short).
 */
export function placePairByPrefix(pairs: string[], k: number): void {
  const prefix = pairs[k] as string;
  const uri = pairs[k + 1] as string;
  let j = k - 2;
  for (; j >= 0 && compareCodePoints(pairs[j] as string, prefix) > 0; j -= 2) {
    pairs[j + 2] = pairs[j] as string;
    pairs[j + 3] = pairs[j + 1] as string;
  }
  pairs[j + 2] = prefix;
  pairs[j + 3] = uri;
}

function compareAttributes(a: XmlAttribute, b: XmlAttribute): number {
  const ns = compareCodePoints(a.namespaceURI ?? '', b.namespaceURI ?? '');
  return ns !== 0 ? ns : compareCodePoints(a.localName, b.localName);
}

function setWithUndo(map: Map<string, string>, key: string, value: string, undo: Undo): Undo {
  const log = undo ?? [];
  log.push(key, map.get(key));
  map.set(key, value);
  return log;
}

function applyUndo(map: Map<string, string>, undo: Undo): void {
  if (undo === null) return;
  for (let k = undo.length - 2; k >= 0; k -= 2) {
    const key = undo[k] as string;
    const previous = undo[k + 1];
    if (previous === undefined) map.delete(key);
    else map.set(key, previous);
  }
}

class Canonicalizer {
  private readonly withComments: boolean;
  private readonly inclusive: readonly string[];
  /** In-scope namespaces: prefix ('' = default) to URI ('' = no default namespace). */
  private readonly scope = new Map<string, string>();
  /** Namespaces rendered by output ancestors: prefix to URI. */
  private readonly rendered = new Map<string, string>();
  private out = '';

  constructor(options: CanonicalizeOptions) {
    this.withComments = options.withComments === true;
    // Distinct prefixes only: the per-element work is proportional to this list's length.
    this.inclusive = [...new Set((options.inclusivePrefixes ?? []).map((p) => (p === '#default' ? '' : p)))];
    for (const d of options.ancestorNamespaces ?? []) this.scope.set(d.prefix ?? '', d.uri);
  }

  /** Namespaces to write on the element being opened: prefix, uri, prefix, uri, ... */
  private pending: string[] = [];
  private pendingUndo: Undo = null;

  /** Queues `xmlns:prefix="uri"` unless the nearest output ancestor rendered the same. */
  private consider(prefix: string, uri: string): void {
    if (prefix === 'xml') return;
    const previous = this.rendered.get(prefix);
    if (previous === uri || (uri === '' && previous === undefined)) return;
    this.pending.push(prefix, uri);
    this.pendingUndo = setWithUndo(this.rendered, prefix, uri, this.pendingUndo);
  }

  /** Writes the start tag of `element` and returns its frame. */
  private open(element: XmlElement): Frame {
    // The in-scope map is only needed to resolve the inclusive prefix list.
    let scopeUndo: Undo = null;
    const inclusive = this.inclusive;
    if (inclusive.length > 0)
      for (const d of element.namespaceDeclarations)
        scopeUndo = setWithUndo(this.scope, d.prefix ?? '', d.uri, scopeUndo);

    // Rendering a prefix updates `rendered` at once, so a prefix met twice is written once.
    this.pending.length = 0;
    this.pendingUndo = null;
    this.consider(element.prefix ?? '', element.namespaceURI ?? '');
    const attributes = element.attributes;
    for (let k = 0; k < attributes.length; k++) {
      const a = attributes[k] as XmlAttribute;
      if (a.prefix !== null) this.consider(a.prefix, a.namespaceURI ?? '');
    }
    for (let k = 0; k < inclusive.length; k++) {
      const p = inclusive[k] as string;
      const uri = this.scope.get(p);
      if (uri !== undefined) this.consider(p, uri);
      else if (p === '') this.consider('', '');
    }

    let tag = '<' + element.name;
    const pending = this.pending;
    if (pending.length === 2) tag += namespaceAttribute(pending[0] as string, pending[1] as string);
    else if (pending.length > 2) {
      for (let k = 2; k < pending.length; k += 2) placePairByPrefix(pending, k);
      for (let k = 0; k < pending.length; k += 2)
        tag += namespaceAttribute(pending[k] as string, pending[k + 1] as string);
    }
    if (attributes.length === 1) {
      const a = attributes[0] as XmlAttribute;
      tag += ' ' + a.name + '="' + escapeAttribute(a.value) + '"';
    } else if (attributes.length === 2) {
      // The common pair, ordered without copying the list (the same comparison as the sort).
      let a = attributes[0] as XmlAttribute;
      let b = attributes[1] as XmlAttribute;
      if (compareAttributes(a, b) > 0) {
        const first = b;
        b = a;
        a = first;
      }
      tag +=
        ' ' +
        a.name +
        '="' +
        escapeAttribute(a.value) +
        '" ' +
        b.name +
        '="' +
        escapeAttribute(b.value) +
        '"';
    } else if (attributes.length > 2) {
      // A stable insertion sort of a copy (the same order as a stable sort by compareAttributes).
      const sorted = attributes.slice();
      for (let k = 1; k < sorted.length; k++) {
        const a = sorted[k] as XmlAttribute;
        let j = k - 1;
        for (; j >= 0 && compareAttributes(sorted[j] as XmlAttribute, a) > 0; j--)
          sorted[j + 1] = sorted[j] as XmlAttribute;
        sorted[j + 1] = a;
      }
      for (let k = 0; k < sorted.length; k++) {
        const a = sorted[k] as XmlAttribute;
        tag += ' ' + a.name + '="' + escapeAttribute(a.value) + '"';
      }
    }
    this.out += tag + '>';
    return { element, next: 0, scopeUndo, renderedUndo: this.pendingUndo };
  }

  element(root: XmlElement): void {
    const stack: Frame[] = [this.open(root)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      const children = frame.element.children;
      if (frame.next < children.length) {
        const child = children[frame.next++];
        if (child === undefined) continue;
        if (child.kind === 'element') stack.push(this.open(child));
        else if (child.kind === 'text') this.out += escapeText(child.value);
        else if (this.withComments) this.out += '<!--' + child.value + '-->';
        continue;
      }
      this.out += '</' + frame.element.name + '>';
      applyUndo(this.rendered, frame.renderedUndo);
      applyUndo(this.scope, frame.scopeUndo);
      stack.pop();
    }
  }

  document(doc: XmlDocument): void {
    if (this.withComments) for (const c of doc.prolog) this.out += '<!--' + c.value + '-->\n';
    this.element(doc.root);
    if (this.withComments) for (const c of doc.epilog) this.out += '\n<!--' + c.value + '-->';
  }

  result(): string {
    return this.out;
  }
}

/** Exclusive canonical form (exc-c14n 1.0) of a whole document or of an element's subtree. */
export function canonicalize(node: XmlElement | XmlDocument, options: CanonicalizeOptions = {}): string {
  const c = new Canonicalizer(options);
  if ('kind' in node) c.element(node);
  else c.document(node);
  return c.result();
}
