/**
 * TEST SUPPORT ONLY. A small model of well-formed namespace-aware documents, a fast-check
 * arbitrary that produces them (prefixes, default namespaces, redeclarations, xmlns="",
 * attributes in namespaces, special characters, CR/LF, CDATA, comments), and a serializer with
 * seeded "noise" (quote style, spacing, CRLF, character-reference spellings).
 */
import fc from 'fast-check';

export interface GenAttribute {
  readonly prefix: string | null;
  readonly local: string;
  readonly value: string;
}

export interface GenDeclaration {
  readonly prefix: string | null;
  readonly uri: string;
}

export interface GenElement {
  readonly kind: 'element';
  readonly prefix: string | null;
  readonly local: string;
  readonly declarations: readonly GenDeclaration[];
  readonly attributes: readonly GenAttribute[];
  readonly children: readonly GenNode[];
}

export type GenNode =
  | GenElement
  | { readonly kind: 'text'; readonly value: string; readonly cdata: boolean }
  | { readonly kind: 'comment'; readonly value: string };

export interface GenDocument {
  readonly declaration: boolean;
  readonly prolog: readonly string[];
  readonly root: GenElement;
  readonly epilog: readonly string[];
  /** Seed for serializer noise. */
  readonly style: number;
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Namespace names. libxml2 (the oracle) refuses IRIs with raw non-ASCII characters and writes
 * namespace values without escaping '&', '<' or '"' (exc-c14n escapes them like attribute
 * values; c14n.test.ts covers that), so the pool avoids both.
 */
const URIS = [
  'http://example.com/a',
  'urn:example:b',
  'http://example.com/c?x=1;y=2',
  'urn:example:%C3%BC',
  'http://schemas.xmlsoap.org/soap/envelope/',
  'http://example.com/%C3%A9',
];
const PREFIXES = ['a', 'b', 'c', 'soap', 'é'];
const ELEMENT_LOCALS = ['e', 'f', 'Body', 'x-y.z', 'ü', '中文', '_q'];
const ATTRIBUTE_LOCALS = ['id', 'x', 'Id', 'b', 'z9'];

const TEXT_PIECES = [
  'a',
  'Z',
  ' ',
  '  ',
  '\n',
  '\t',
  '\r',
  '&',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  'é',
  '😀',
  '\u2028',
  '=',
];

const textArb = fc.array(fc.constantFrom(...TEXT_PIECES), { maxLength: 6 }).map((p) => p.join(''));
const cdataArb = textArb.map((t) => t.replace(/\r/g, '').replace(/]]>/g, ']>')).filter((t) => t.length > 0);
const commentArb = fc
  .array(fc.constantFrom('a', ' ', '\n', '-', '<', '&', 'é', '>'), { maxLength: 6 })
  .map((p) => p.join('').replace(/-+/g, '-').replace(/-$/, '-x'));

const prefixArb = fc.option(fc.constantFrom(...PREFIXES), { freq: 2 });
const declarationArb: fc.Arbitrary<GenDeclaration> = fc.oneof(
  fc.record({ prefix: fc.constantFrom(...PREFIXES), uri: fc.constantFrom(...URIS) }),
  fc.record({ prefix: fc.constant(null), uri: fc.constantFrom('', ...URIS) }),
);
const attributeArb: fc.Arbitrary<GenAttribute> = fc.record({
  prefix: fc.option(fc.constantFrom(...PREFIXES, 'xml'), { freq: 2 }),
  local: fc.constantFrom(...ATTRIBUTE_LOCALS),
  value: textArb,
});

type Tree = {
  node: GenNode;
  element: GenElement;
};

const treeArbs = fc.letrec<Tree>((tie) => ({
  node: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'xml' },
    { arbitrary: textArb.map((value): GenNode => ({ kind: 'text', value, cdata: false })), weight: 3 },
    { arbitrary: cdataArb.map((value): GenNode => ({ kind: 'text', value, cdata: true })), weight: 1 },
    { arbitrary: commentArb.map((value): GenNode => ({ kind: 'comment', value })), weight: 1 },
    { arbitrary: tie('element'), weight: 4 },
  ),
  element: fc.record({
    kind: fc.constant('element' as const),
    prefix: prefixArb,
    local: fc.constantFrom(...ELEMENT_LOCALS),
    declarations: fc.array(declarationArb, { maxLength: 3 }),
    attributes: fc.array(attributeArb, { maxLength: 4 }),
    children: fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'xml' }),
  }),
}));

/** Makes a generated element well formed: binds used prefixes, drops duplicates, merges text. */
export function repairElement(
  element: GenElement,
  inherited: ReadonlyMap<string, string> = new Map(),
): GenElement {
  const scope = new Map(inherited);
  const declarations: GenDeclaration[] = [];
  for (const d of element.declarations) {
    if (declarations.some((x) => x.prefix === d.prefix)) continue;
    declarations.push(d);
    scope.set(d.prefix ?? '', d.uri);
  }
  const bind = (prefix: string): void => {
    if (prefix === 'xml' || scope.has(prefix)) return;
    const uri = URIS[prefix.length % URIS.length] as string;
    declarations.push({ prefix, uri });
    scope.set(prefix, uri);
  };
  if (element.prefix !== null) bind(element.prefix);
  const attributes: GenAttribute[] = [];
  const expanded = new Set<string>();
  for (const original of element.attributes) {
    // xml:id must be an NCName (libxml2 checks); use xml:lang instead.
    const a =
      original.prefix === 'xml' && original.local === 'id' ? { ...original, local: 'lang' } : original;
    if (a.prefix !== null) bind(a.prefix);
    const ns = a.prefix === null ? '' : a.prefix === 'xml' ? XML_NS : (scope.get(a.prefix) as string);
    const key = `${ns} ${a.local}`;
    if (expanded.has(key)) continue;
    expanded.add(key);
    attributes.push(a);
  }
  const children: GenNode[] = [];
  for (const c of element.children) {
    if (c.kind === 'element') children.push(repairElement(c, scope));
    else if (c.kind === 'comment') children.push(c);
    else if (c.cdata) children.push(c);
    else if (c.value !== '') {
      const last = children[children.length - 1];
      if (last !== undefined && last.kind === 'text' && !last.cdata)
        children[children.length - 1] = { kind: 'text', value: last.value + c.value, cdata: false };
      else children.push(c);
    }
  }
  return { ...element, declarations, attributes, children };
}

/** Arbitrary well-formed documents (already repaired). */
export const generatedDocumentArb: fc.Arbitrary<GenDocument> = fc
  .record({
    declaration: fc.boolean(),
    prolog: fc.array(commentArb, { maxLength: 2 }),
    root: treeArbs.element,
    epilog: fc.array(commentArb, { maxLength: 2 }),
    style: fc.nat(),
  })
  .map((d) => ({ ...d, root: repairElement(d.root) }));

/** A tiny deterministic PRNG (mulberry32) for serializer noise. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SerializeOptions {
  /** Emit raw tabs/newlines/CRLF inside attribute values (they normalize to spaces). */
  readonly rawAttributeWhitespace?: boolean;
  /** Leave comments out (the comment-free twin of a document). */
  readonly dropComments?: boolean;
}

function qname(prefix: string | null, local: string): string {
  return prefix === null ? local : `${prefix}:${local}`;
}

/** Serializes a generated document. Equal input gives equal output (noise is seeded). */
export function serializeGenerated(doc: GenDocument, options: SerializeOptions = {}): string {
  const rnd = noise(doc.style);
  const pick = <T>(...xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const newline = (): string => (rnd() < 0.3 ? '\r\n' : '\n');
  const charRef = (c: string): string => {
    const cp = c.codePointAt(0) as number;
    return rnd() < 0.5 ? `&#${cp};` : `&#x${cp.toString(16).toUpperCase()};`;
  };
  const text = (v: string): string => {
    let out = '';
    for (const ch of v) {
      if (ch === '&') out += pick('&amp;', '&#38;');
      else if (ch === '<') out += pick('&lt;', '&#x3C;');
      else if (ch === '>') out += pick('&gt;', '>', '&#62;');
      else if (ch === '\r') out += charRef(ch);
      else if (ch === '\n') out += newline();
      else if (ch === "'" || ch === '"') out += pick(ch, ch === '"' ? '&quot;' : '&apos;');
      else out += ch;
    }
    return out.replace(/]]>/g, ']]&gt;');
  };
  const attr = (v: string, quote: string): string => {
    let out = '';
    for (const ch of v) {
      if (ch === '&') out += '&amp;';
      else if (ch === '<') out += '&lt;';
      else if (ch === quote) out += quote === '"' ? '&quot;' : '&apos;';
      else if (ch === '\t' || ch === '\n' || ch === '\r') out += charRef(ch);
      else if (ch === ' ' && options.rawAttributeWhitespace && rnd() < 0.4)
        // A raw CR directly followed by a raw LF would be one line break (one space), not two.
        out += out.endsWith('\r') ? pick('\t', '\r\n', '\r') : pick('\t', '\n', '\r\n', '\r');
      else out += ch;
    }
    return out;
  };
  const attribute = (name: string, value: string): string => {
    const quote = pick('"', "'");
    const eq = pick('=', ' = ', '=\n');
    return `${pick(' ', '\n ', '\t')}${name}${eq}${quote}${attr(value, quote)}${quote}`;
  };
  const comment = (v: string): string => `<!--${v.replace(/\n/g, () => newline())}-->`;

  let out = doc.declaration ? `<?xml version="1.0" encoding="${pick('UTF-8', 'utf-8')}"?>${newline()}` : '';
  if (!options.dropComments) for (const c of doc.prolog) out += comment(c) + pick('', newline());
  type Item = { element: GenElement; next: number };
  const openTag = (e: GenElement): string => {
    let tag = '<' + qname(e.prefix, e.local);
    for (const d of e.declarations)
      tag += attribute(d.prefix === null ? 'xmlns' : `xmlns:${d.prefix}`, d.uri);
    for (const a of e.attributes) tag += attribute(qname(a.prefix, a.local), a.value);
    return tag + pick('', ' ', newline());
  };
  const stack: Item[] = [];
  const start = (e: GenElement): void => {
    if (e.children.length === 0 && rnd() < 0.5) out += openTag(e) + '/>';
    else {
      out += openTag(e) + '>';
      stack.push({ element: e, next: 0 });
    }
  };
  start(doc.root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Item;
    const child = top.element.children[top.next++];
    if (child === undefined) {
      out += `</${qname(top.element.prefix, top.element.local)}${pick('', ' ')}>`;
      stack.pop();
    } else if (child.kind === 'element') start(child);
    else if (child.kind === 'comment') {
      if (!options.dropComments) out += comment(child.value);
    } else if (child.cdata) out += `<![CDATA[${child.value.replace(/\n/g, () => newline())}]]>`;
    else out += text(child.value);
  }
  if (!options.dropComments) for (const c of doc.epilog) out += pick('', newline()) + comment(c);
  return out + pick('', newline());
}

/** Strings made of `tokens` joined at random: markup soup for intake tests. */
export function tokenSoupArb(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...tokens), { maxLength: 40 }).map((t) => t.join(''));
}

/** A generated document with a few random edits (insert, delete, replace a token's length). */
export function mutatedDocumentArb(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      generatedDocumentArb,
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(...tokens)), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([doc, edits]) => {
      let s = serializeGenerated(doc);
      for (const [where, op, token] of edits) {
        const at = s.length === 0 ? 0 : where % s.length;
        if (op === 0) s = s.slice(0, at) + token + s.slice(at);
        else if (op === 1) s = s.slice(0, at) + s.slice(at + 1);
        else s = s.slice(0, at) + token + s.slice(at + token.length);
      }
      return s;
    });
}
