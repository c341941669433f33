/**
 * The project's strict, non-validating XML 1.0 + Namespaces 1.0 parser. It accepts the subset
 * that protocol messages need (elements, attributes, character data, CDATA, comments, the five
 * predefined entities and character references, an optional UTF-8 XML declaration) and rejects
 * everything else with a typed error. Iterative (an explicit element stack), forward-only and
 * linear in the input: every search uses a cached "next occurrence" index.
 */
import type {
  XmlAttribute,
  XmlComment,
  XmlDeclaration,
  XmlDocument,
  XmlElement,
  XmlNamespaceDeclaration,
  XmlNode,
  XmlPosition,
} from './tree.ts';
import { DISALLOWED_CHARACTER, isNameChar, isNameStartChar, isWhitespace, isXmlChar } from './chars.ts';
import { XmlIntakeError } from './intake-error.ts';
import type { XmlIntakeCode } from './intake-error.ts';
import { NextIndex } from './next-index.ts';
import { PositionTracker } from './position-tracker.ts';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** The limits the parser enforces (see IntakeLimits in intake.ts for their meaning). */
export interface ParserLimits {
  readonly maxDepth: number;
  readonly maxAttributesPerElement: number;
  readonly maxNamespaceDeclarations: number;
  readonly maxTextLength: number;
  readonly maxElements: number;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const SEMICOLON = 0x3b;
const HASH = 0x23;
const COLON = 0x3a;

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

const DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)'))?[ \t\r\n]*\?>/y;

/** The first character that is not printable ASCII, TAB, LF or CR (all of which XML allows). */
const NOT_PLAIN_ASCII = /[^\t\n\r\x20-\x7e]/;

const DTD_KEYWORDS = /^<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * The source text of the outermost levels of every parsed document: the root, its children and
 * their children (a SOAP Envelope, Header and Body, the header blocks and the Body's payload).
 * Keyed by the element object, which is immutable, so a span always holds exactly the characters
 * that element's subtree was parsed from. Elements built in memory have none.
 */
export const SOURCE_SPAN_DEPTH = 3;
const sourceSpans = new WeakMap<XmlElement, string>();

/**
 * The characters `element` (start tag to end tag) was parsed from, for elements of the outermost
 * SOURCE_SPAN_DEPTH levels of a document parseXml read; null otherwise. The subtree's namespace
 * bindings declared on its ancestors are not part of it.
 */
export function sourceSpanOf(element: XmlElement): string | null {
  return sourceSpans.get(element) ?? null;
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_DECLARATIONS: readonly XmlNamespaceDeclaration[] = Object.freeze([]);

/** An attribute while its start tag is read; its namespace is set once all declarations are known. */
interface MutableAttribute {
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  namespaceURI: string | null;
  readonly value: string;
  readonly position: XmlPosition;
}

/** A qualified name split at its colon. Entries are shared by every tag that spells the name. */
interface QName {
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
}

/**
 * Qualified names already read, by a hash of their characters (a direct-mapped table: a
 * colliding name replaces the slot). A name is only stored after it passed the QName checks,
 * which depend on nothing but its characters, and a slot is only used when its name has exactly
 * the characters at the cursor; so a hit returns what reading the name afresh would, without
 * allocating its three strings again for every tag of every document.
 */
const QNAME_SLOTS = 1024;
const qnameTable: (QName | undefined)[] = new Array<QName | undefined>(QNAME_SLOTS).fill(undefined);

interface Frame {
  readonly element: XmlElement;
  readonly children: XmlNode[];
  /** Bindings this element replaced, restored when it closes: prefix ('' = default), previous, ... */
  readonly undo: (string | undefined)[] | null;
}

function normalizeLineEnds(value: string): string {
  return value.indexOf('\r') === -1 ? value : value.replace(/\r\n?/g, '\n');
}

function normalizeAttributeLiteral(value: string): string {
  return /[\t\n\r]/.test(value) ? value.replace(/\r\n|[\t\n\r]/g, ' ') : value;
}

/** Keeps names and values quoted in messages short (they may come from an attacker). */
function clip(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 57)}...`;
}

function describeChar(s: string, i: number): string {
  if (i >= s.length) return 'the end of the input';
  const cp = s.codePointAt(i) as number;
  if (cp > 0x20 && cp < 0x7f) return `'${String.fromCodePoint(cp)}'`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * `value` as a string of its own. A long slice of the document can be a view that keeps the whole
 * document text alive; the names kept in qnameTable must not pin the documents they came from.
 * (Short slices are copies already.)
 */
function ownCopy(value: string): string {
  return value.length < 13 ? value : Buffer.from(value, 'utf16le').toString('utf16le');
}

/** True when `name` has exactly the characters s[start..end). */
function sameChars(name: string, s: string, start: number, end: number): boolean {
  if (name.length !== end - start) return false;
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) !== s.charCodeAt(start + k)) return false;
  return true;
}

function hasAttributeNamed(attributes: readonly MutableAttribute[] | null, name: string): boolean {
  if (attributes !== null)
    for (let k = 0; k < attributes.length; k++)
      if ((attributes[k] as MutableAttribute).name === name) return true;
  return false;
}

function declaresPrefix(
  declarations: readonly XmlNamespaceDeclaration[] | null,
  prefix: string | null,
): boolean {
  if (declarations !== null)
    for (let k = 0; k < declarations.length; k++)
      if ((declarations[k] as XmlNamespaceDeclaration).prefix === prefix) return true;
  return false;
}

/** The qualified names of a start tag's attributes and declarations so far. */
function namesOf(
  attributes: readonly MutableAttribute[] | null,
  declarations: readonly XmlNamespaceDeclaration[] | null,
): Set<string> {
  const names = new Set<string>();
  for (const a of attributes ?? []) names.add(a.name);
  for (const d of declarations ?? []) names.add(d.prefix === null ? 'xmlns' : `xmlns:${d.prefix}`);
  return names;
}

class Parser {
  private readonly s: string;
  private readonly end: number;
  private readonly limits: ParserLimits;
  private readonly tracker: PositionTracker;
  private readonly nextLt: NextIndex;
  private readonly nextAmp: NextIndex;
  private readonly nextCdataEnd: NextIndex;
  private i: number;
  private readonly docStart: number;
  private readonly bindings = new Map<string, string>();
  private namespaceCount = 0;
  private elementCount = 0;
  /** Set by parseStartTag: the new element's child list (null when it is self-closing). */
  private tagChildren: XmlNode[] | null = null;
  /** Set by parseStartTag: the bindings the new element replaced (see Frame.undo). */
  private tagUndo: Frame['undo'] = null;

  constructor(text: string, start: number, limits: ParserLimits) {
    this.s = text;
    this.end = text.length;
    this.i = start;
    this.docStart = start;
    this.limits = limits;
    this.tracker = new PositionTracker(text, start);
    this.nextLt = new NextIndex(text, '<');
    this.nextAmp = new NextIndex(text, '&');
    this.nextCdataEnd = new NextIndex(text, ']]>');
  }

  private fail(code: XmlIntakeCode, message: string, offset: number = this.i): never {
    throw new XmlIntakeError(code, message, this.tracker.at(Math.min(offset, this.end)));
  }

  private checkCharacters(from: number): void {
    // Printable ASCII, TAB, LF and CR are all allowed: a text of only those (a typical message)
    // is decided by a cheaper search; anything else goes to the full test.
    if (from === 0 && !NOT_PLAIN_ASCII.test(this.s)) return;
    const m = DISALLOWED_CHARACTER.exec(from === 0 ? this.s : this.s.slice(from));
    if (m === null) return;
    const at = from + m.index;
    const cp = this.s.codePointAt(at) as number;
    const hex = cp.toString(16).toUpperCase().padStart(4, '0');
    const what = cp >= 0xd800 && cp <= 0xdfff ? `an unpaired surrogate (U+${hex})` : `the character U+${hex}`;
    this.fail('XML_INVALID_CHARACTER', `${what} is not allowed in XML 1.0 documents`, at);
  }

  parse(): XmlDocument {
    const start = this.i;
    if (start === this.end) this.fail('XML_EMPTY', 'the document is empty (no root element)');
    this.checkCharacters(start);
    const declaration = this.parseDeclaration();
    const prolog: XmlComment[] = [];
    const epilog: XmlComment[] = [];
    const stack: Frame[] = [];
    let root: XmlElement | null = null;
    const s = this.s;
    while (this.i < this.end) {
      const c = s.charCodeAt(this.i);
      const top = stack[stack.length - 1];
      if (c === LT) {
        const c2 = s.charCodeAt(this.i + 1);
        if (c2 === SLASH) {
          if (top === undefined) this.fail('XML_MALFORMED', 'end tag without a matching start tag');
          this.parseEndTag(top);
          if (stack.length <= SOURCE_SPAN_DEPTH)
            sourceSpans.set(top.element, s.slice(top.element.position.offset, this.i));
          stack.pop();
          this.restore(top.undo);
        } else if (c2 === BANG) {
          if (s.startsWith('<!--', this.i)) {
            const comment = this.parseComment();
            if (top !== undefined) top.children.push(comment);
            else (root === null ? prolog : epilog).push(comment);
          } else if (s.startsWith('<![CDATA[', this.i)) {
            if (top === undefined)
              this.fail('XML_TEXT_OUTSIDE_ROOT', 'CDATA section outside the root element');
            this.parseCData(top.children);
          } else if (DTD_KEYWORDS.test(s.slice(this.i, this.i + 10))) {
            // SKSML-BIND-25: no document type declaration.
            this.fail(
              'XML_DOCTYPE_FORBIDDEN',
              'DOCTYPE and DTD declarations are not allowed (remove the <!DOCTYPE ...> block)',
            );
          } else this.fail('XML_MALFORMED', "unknown markup after '<!'");
        } else if (c2 === QUESTION) {
          // SKSML-BIND-25: no processing instructions.
          this.rejectProcessingInstruction();
        } else {
          if (top === undefined && root !== null)
            this.fail(
              'XML_MULTIPLE_ROOTS',
              'a second root element follows the first one; a document has exactly one root',
            );
          const tagStart = this.i;
          const element = this.parseStartTag(stack.length + 1, top);
          if (root === null) root = element;
          if (this.tagChildren !== null)
            stack.push({ element, children: this.tagChildren, undo: this.tagUndo });
          else {
            if (stack.length < SOURCE_SPAN_DEPTH) sourceSpans.set(element, s.slice(tagStart, this.i));
            this.restore(this.tagUndo);
          }
        }
      } else if (top === undefined) {
        if (isWhitespace(c)) this.i++;
        else
          this.fail(
            'XML_TEXT_OUTSIDE_ROOT',
            root === null
              ? `text before the root element (found ${describeChar(s, this.i)})`
              : `text after the root element (found ${describeChar(s, this.i)})`,
          );
      } else {
        this.parseText(top.children);
      }
    }
    const open = stack[stack.length - 1];
    if (open !== undefined)
      this.fail(
        'XML_MALFORMED',
        `the input ends inside element <${clip(open.element.name)}> (opened at line ${open.element.position.line}, column ${open.element.position.column}); its end tag is missing`,
        this.end,
      );
    if (root === null) this.fail('XML_EMPTY', 'the document has no root element', this.end);
    return { declaration, root, prolog, epilog };
  }

  private parseDeclaration(): XmlDeclaration | null {
    const s = this.s;
    const at = this.i;
    if (!s.startsWith('<?xml', at) || !isWhitespace(s.charCodeAt(at + 5))) return null;
    DECLARATION.lastIndex = at;
    const m = DECLARATION.exec(s);
    if (m === null)
      this.fail(
        'XML_MALFORMED',
        'malformed XML declaration (expected <?xml version="1.0" encoding="UTF-8" standalone="yes|no"?> with attributes in that order)',
        at,
      );
    const version = m[1] ?? m[2] ?? '';
    if (version !== '1.0')
      this.fail('XML_MALFORMED', `unsupported XML version "${clip(version)}" (only 1.0 is accepted)`, at);
    const encoding = m[3] ?? m[4] ?? null;
    // SKSML-BIND-13: UTF-8 only.
    if (encoding !== null && encoding.toLowerCase() !== 'utf-8')
      this.fail(
        'XML_ENCODING_UNSUPPORTED',
        `the XML declaration names encoding "${clip(encoding)}"; only UTF-8 is accepted`,
        at,
      );
    const sa = m[5] ?? m[6] ?? null;
    if (sa !== null && sa !== 'yes' && sa !== 'no')
      this.fail('XML_MALFORMED', `standalone must be "yes" or "no", not "${clip(sa)}"`, at);
    this.i = DECLARATION.lastIndex;
    return { version, encoding, standalone: sa === null ? null : sa === 'yes' };
  }

  private rejectProcessingInstruction(): never {
    const at = this.i;
    const nameEnd = this.scanName(at + 2);
    const target = this.s.slice(at + 2, nameEnd);
    if (target.toLowerCase() === 'xml') {
      if (at === this.docStart) this.fail('XML_MALFORMED', 'malformed XML declaration', at);
      this.fail(
        'XML_PI_FORBIDDEN',
        'an XML declaration is only allowed at the very start of the document (nothing, not even white space, may precede it)',
        at,
      );
    }
    this.fail(
      'XML_PI_FORBIDDEN',
      `processing instructions are not allowed (found <?${clip(target)}...?>)`,
      at,
    );
  }

  /** Index just past the longest run of name characters starting at `from`. */
  private scanName(from: number): number {
    const s = this.s;
    let j = from;
    let first = true;
    while (j < this.end) {
      let cp = s.charCodeAt(j);
      let width = 1;
      if (cp >= 0xd800 && cp <= 0xdbff) {
        cp = s.codePointAt(j) as number;
        width = cp > 0xffff ? 2 : 1;
      }
      if (first ? !isNameStartChar(cp) : !isNameChar(cp)) break;
      first = false;
      j += width;
    }
    return j;
  }

  /**
   * Reads a QName at the cursor (Namespaces in XML 1.0 §4) and splits it. The name characters are
   * those scanName accepts; a name seen before comes from qnameTable (see there).
   */
  private readQName(what: string): QName {
    const s = this.s;
    const start = this.i;
    let j = start;
    let hash = 0;
    // ASCII names are hashed while they are scanned; anything else takes scanName.
    while (j < this.end) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) {
        j = this.scanName(start);
        hash = 0;
        for (let k = start; k < j; k++) hash = (Math.imul(hash, 31) + s.charCodeAt(k)) | 0;
        break;
      }
      if (j === start ? !isNameStartChar(c) : !isNameChar(c)) break;
      hash = (Math.imul(hash, 31) + c) | 0;
      j++;
    }
    const end = j;
    if (end === start) this.fail('XML_MALFORMED', `expected ${what}, found ${describeChar(s, start)}`);
    const slot = (hash ^ (hash >>> 15)) & (QNAME_SLOTS - 1);
    const cached = qnameTable[slot];
    if (cached !== undefined && sameChars(cached.name, s, start, end)) {
      this.i = end;
      return cached;
    }
    const name = ownCopy(s.slice(start, end));
    const colon = name.indexOf(':');
    let prefix: string | null = null;
    let localName = name;
    if (colon !== -1) {
      const cpAfter = name.codePointAt(colon + 1);
      if (
        colon === 0 ||
        cpAfter === undefined ||
        cpAfter === COLON ||
        !isNameStartChar(cpAfter) ||
        name.indexOf(':', colon + 1) !== -1
      )
        this.fail(
          'XML_NAMESPACE_ERROR',
          `"${clip(name)}" is not a valid qualified name (one optional prefix, one colon)`,
          start,
        );
      prefix = name.slice(0, colon);
      localName = name.slice(colon + 1);
    }
    this.i = end;
    const qname: QName = { name, prefix, localName };
    qnameTable[slot] = qname;
    return qname;
  }

  private skipWhitespace(): boolean {
    const start = this.i;
    while (this.i < this.end && isWhitespace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  /**
   * Reads a start tag; returns its element (already added to `parent`) and sets tagChildren and
   * tagUndo. The checks and their order are those of the XML and Namespaces rules, attribute by
   * attribute; nothing is allocated for what a tag does not have.
   */
  private parseStartTag(depth: number, parent: Frame | undefined): XmlElement {
    const s = this.s;
    const tagStart = this.i;
    const position = this.tracker.at(tagStart);
    if (depth > this.limits.maxDepth)
      this.fail('XML_LIMIT_DEPTH', `elements are nested deeper than the limit of ${this.limits.maxDepth}`);
    if (++this.elementCount > this.limits.maxElements)
      this.fail(
        'XML_LIMIT_ELEMENTS',
        `the document has more elements than the limit of ${this.limits.maxElements}`,
      );
    this.i++;
    const qn = this.readQName('an element name after "<"');
    let attributes: MutableAttribute[] | null = null;
    let declarations: XmlNamespaceDeclaration[] | null = null;
    /** The names of attributes and declarations so far, once there are many of them. */
    let nameSet: Set<string> | null = null;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const hadSpace = this.skipWhitespace();
      const c = s.charCodeAt(this.i);
      if (c === GT) {
        this.i++;
        break;
      }
      if (c === SLASH && s.charCodeAt(this.i + 1) === GT) {
        this.i += 2;
        selfClosing = true;
        break;
      }
      if (this.i >= this.end)
        this.fail('XML_MALFORMED', `the input ends inside the start tag of <${clip(qn.name)}>`);
      if (!hadSpace || !isNameStartChar(s.codePointAt(this.i) as number))
        this.fail(
          'XML_MALFORMED',
          `unexpected ${describeChar(s, this.i)} in the start tag of <${clip(qn.name)}> (expected white space, an attribute, '>' or '/>')`,
        );
      if (++count > this.limits.maxAttributesPerElement)
        this.fail(
          'XML_LIMIT_ATTRIBUTES',
          `element <${clip(qn.name)}> has more attributes than the limit of ${this.limits.maxAttributesPerElement}`,
        );
      const attrStart = this.i;
      const attrPosition = this.tracker.at(attrStart);
      const an = this.readQName('an attribute name');
      const isDeclaration = an.prefix === 'xmlns' || (an.prefix === null && an.localName === 'xmlns');
      if (count > 8 && nameSet === null) nameSet = namesOf(attributes, declarations);
      if (
        nameSet !== null
          ? nameSet.has(an.name)
          : isDeclaration
            ? declaresPrefix(declarations, an.prefix === null ? null : an.localName)
            : hasAttributeNamed(attributes, an.name)
      )
        this.fail(
          'XML_DUPLICATE_ATTRIBUTE',
          isDeclaration
            ? `the namespace declaration ${clip(an.name)} appears twice on <${clip(qn.name)}>`
            : `attribute ${clip(an.name)} appears twice on <${clip(qn.name)}>`,
          attrStart,
        );
      nameSet?.add(an.name);
      this.skipWhitespace();
      if (s.charCodeAt(this.i) !== EQUALS)
        this.fail(
          'XML_MALFORMED',
          `expected '=' after attribute name ${clip(an.name)}, found ${describeChar(s, this.i)}`,
        );
      this.i++;
      this.skipWhitespace();
      const value = this.parseAttributeValue(an.name);
      if (isDeclaration) {
        const prefix = an.prefix === null ? null : an.localName;
        this.checkDeclaration(prefix, value, attrStart);
        (declarations ??= []).push({ prefix, uri: value });
      } else {
        (attributes ??= []).push({
          name: an.name,
          prefix: an.prefix,
          localName: an.localName,
          namespaceURI: null,
          value,
          position: attrPosition,
        });
      }
    }
    const undo = declarations === null ? null : this.bind(declarations);
    const namespaceURI = this.resolveElementNamespace(qn.prefix, qn.name, tagStart);
    if (attributes !== null) this.resolveAttributes(attributes, qn.name);
    const children: XmlNode[] = [];
    const element: XmlElement = {
      kind: 'element',
      name: qn.name,
      prefix: qn.prefix,
      localName: qn.localName,
      namespaceURI,
      attributes: attributes ?? NO_ATTRIBUTES,
      namespaceDeclarations: declarations ?? NO_DECLARATIONS,
      children,
      position,
    };
    if (parent !== undefined) parent.children.push(element);
    this.tagChildren = selfClosing ? null : children;
    this.tagUndo = undo;
    return element;
  }

  private checkDeclaration(prefix: string | null, uri: string, at: number): void {
    if (++this.namespaceCount > this.limits.maxNamespaceDeclarations)
      this.fail(
        'XML_LIMIT_NAMESPACES',
        `the document declares more namespaces than the limit of ${this.limits.maxNamespaceDeclarations}`,
        at,
      );
    if (prefix === 'xmlns')
      this.fail('XML_NAMESPACE_ERROR', 'the prefix "xmlns" is reserved and must not be declared', at);
    if (prefix === 'xml' && uri !== XML_NAMESPACE)
      this.fail(
        'XML_NAMESPACE_ERROR',
        `the prefix "xml" cannot be bound to any namespace but ${XML_NAMESPACE}`,
        at,
      );
    if (prefix !== 'xml' && uri === XML_NAMESPACE)
      this.fail('XML_NAMESPACE_ERROR', `only the prefix "xml" may be bound to ${XML_NAMESPACE}`, at);
    if (uri === XMLNS_NAMESPACE)
      this.fail('XML_NAMESPACE_ERROR', `no prefix may be bound to ${XMLNS_NAMESPACE}`, at);
    if (prefix !== null && uri === '')
      this.fail(
        'XML_NAMESPACE_ERROR',
        `xmlns:${clip(prefix)}="" is not allowed in XML 1.0 (a prefix cannot be undeclared)`,
        at,
      );
  }

  private bind(declarations: readonly XmlNamespaceDeclaration[]): Frame['undo'] {
    const undo: (string | undefined)[] = [];
    for (let k = 0; k < declarations.length; k++) {
      const d = declarations[k] as XmlNamespaceDeclaration;
      const key = d.prefix ?? '';
      undo.push(key, this.bindings.get(key));
      this.bindings.set(key, d.uri);
    }
    return undo;
  }

  private restore(undo: Frame['undo']): void {
    if (undo === null) return;
    for (let k = undo.length - 2; k >= 0; k -= 2) {
      const key = undo[k] as string;
      const previous = undo[k + 1];
      if (previous === undefined) this.bindings.delete(key);
      else this.bindings.set(key, previous);
    }
  }

  private resolvePrefix(prefix: string): string | undefined {
    return prefix === 'xml' ? XML_NAMESPACE : this.bindings.get(prefix);
  }

  private resolveElementNamespace(prefix: string | null, name: string, at: number): string | null {
    if (prefix === null) {
      const uri = this.bindings.get('');
      return uri === undefined || uri === '' ? null : uri;
    }
    if (prefix === 'xmlns')
      this.fail('XML_NAMESPACE_ERROR', `element <${clip(name)}> uses the reserved prefix "xmlns"`, at);
    const uri = this.resolvePrefix(prefix);
    if (uri === undefined)
      this.fail(
        'XML_NAMESPACE_ERROR',
        `element <${clip(name)}> uses the prefix "${clip(prefix)}", which is not declared (add xmlns:${clip(prefix)}="...")`,
        at,
      );
    return uri;
  }

  /** Sets the namespace of every prefixed attribute; refuses undeclared prefixes and repeated expanded names. */
  private resolveAttributes(attributes: MutableAttribute[], elementName: string): void {
    let prefixed = 0;
    for (let k = 0; k < attributes.length; k++) {
      const a = attributes[k] as MutableAttribute;
      if (a.prefix === null) continue;
      const uri = this.resolvePrefix(a.prefix);
      if (uri === undefined)
        this.fail(
          'XML_NAMESPACE_ERROR',
          `attribute ${clip(a.name)} uses the prefix "${clip(a.prefix)}", which is not declared (add xmlns:${clip(a.prefix)}="...")`,
          a.position.offset,
        );
      a.namespaceURI = uri;
      prefixed++;
    }
    if (prefixed < 2) return;
    // Namespaces in XML 1.0 §6.3: no two attributes with the same expanded name. The first
    // attribute (in document order) that repeats an earlier one is reported.
    for (let k = 1; k < attributes.length; k++) {
      const a = attributes[k] as MutableAttribute;
      if (a.namespaceURI === null) continue;
      for (let j = 0; j < k; j++) {
        const b = attributes[j] as MutableAttribute;
        if (b.namespaceURI === a.namespaceURI && b.localName === a.localName)
          this.fail(
            'XML_DUPLICATE_ATTRIBUTE',
            `attribute ${clip(a.name)} on <${clip(elementName)}> has the same namespace and local name as another attribute`,
            a.position.offset,
          );
      }
    }
  }

  private parseAttributeValue(attributeName: string): string {
    const s = this.s;
    const quote = s.charCodeAt(this.i);
    if (quote !== QUOT && quote !== APOS)
      this.fail('XML_MALFORMED', `the value of attribute ${clip(attributeName)} must be quoted with " or '`);
    const valueStart = this.i + 1;
    const close = s.indexOf(quote === QUOT ? '"' : "'", valueStart);
    if (close === -1)
      this.fail('XML_MALFORMED', `the value of attribute ${clip(attributeName)} is not closed`);
    const lt = this.nextLt.find(valueStart);
    if (lt !== -1 && lt < close)
      this.fail('XML_MALFORMED', `'<' is not allowed in an attribute value (write &lt;)`, lt);
    let value = '';
    let j = valueStart;
    for (;;) {
      const amp = this.nextAmp.find(j);
      const segmentEnd = amp !== -1 && amp < close ? amp : close;
      if (segmentEnd - j > this.limits.maxTextLength) this.textTooLong(valueStart);
      if (segmentEnd > j) value += normalizeAttributeLiteral(s.slice(j, segmentEnd));
      if (value.length > this.limits.maxTextLength) this.textTooLong(valueStart);
      if (segmentEnd === close) break;
      this.i = segmentEnd;
      value += this.parseReference(close);
      j = this.i;
    }
    this.i = close + 1;
    return value;
  }

  private textTooLong(at: number): never {
    this.fail(
      'XML_LIMIT_TEXT',
      `a text node, attribute value or comment is longer than the limit of ${this.limits.maxTextLength} characters`,
      at,
    );
  }

  /** Reads the reference at the cursor ('&'), not extending past `limit`; returns its text. */
  private parseReference(limit: number): string {
    const s = this.s;
    const at = this.i;
    if (s.charCodeAt(at + 1) === HASH) {
      const hex = s.charCodeAt(at + 2) === 0x78; // 'x'
      let j = at + (hex ? 3 : 2);
      const digitsStart = j;
      let cp = 0;
      while (j < limit) {
        const c = s.charCodeAt(j);
        let d: number;
        if (c >= 0x30 && c <= 0x39) d = c - 0x30;
        else if (hex && c >= 0x61 && c <= 0x66) d = c - 0x57;
        else if (hex && c >= 0x41 && c <= 0x46) d = c - 0x37;
        else break;
        cp = Math.min(cp * (hex ? 16 : 10) + d, 0x110000);
        j++;
      }
      if (j === digitsStart || s.charCodeAt(j) !== SEMICOLON || j >= limit)
        this.fail(
          'XML_MALFORMED',
          `malformed character reference (expected ${hex ? '&#x<hex digits>;' : '&#<digits>;'})`,
          at,
        );
      if (!isXmlChar(cp))
        this.fail(
          'XML_INVALID_CHARACTER',
          `the character reference ${clip(s.slice(at, j + 1))} names a character that XML 1.0 does not allow`,
          at,
        );
      this.i = j + 1;
      return String.fromCodePoint(cp);
    }
    const nameEnd = this.scanName(at + 1);
    if (nameEnd === at + 1 || nameEnd >= limit || s.charCodeAt(nameEnd) !== SEMICOLON)
      this.fail('XML_MALFORMED', "a bare '&' is not allowed (write &amp;)", at);
    const name = s.slice(at + 1, nameEnd);
    const replacement = PREDEFINED[name];
    // SKSML-BIND-25: no entity references other than the predefined ones.
    if (replacement === undefined)
      this.fail(
        'XML_ENTITY_FORBIDDEN',
        `the entity reference &${clip(name)}; is not allowed (only &lt; &gt; &amp; &apos; &quot; and character references)`,
        at,
      );
    this.i = nameEnd + 1;
    return replacement;
  }

  private parseText(children: XmlNode[]): void {
    const s = this.s;
    const start = this.i;
    let lt = this.nextLt.find(start);
    if (lt === -1) lt = this.end;
    let value = '';
    let j = start;
    for (;;) {
      const amp = this.nextAmp.find(j);
      const segmentEnd = amp !== -1 && amp < lt ? amp : lt;
      if (segmentEnd > j) {
        if (segmentEnd - j > this.limits.maxTextLength) this.textTooLong(start);
        const cdataEnd = this.nextCdataEnd.find(j);
        if (cdataEnd !== -1 && cdataEnd + 3 <= segmentEnd)
          this.fail('XML_MALFORMED', "']]>' is not allowed in text (write ]]&gt;)", cdataEnd);
        value += normalizeLineEnds(s.slice(j, segmentEnd));
      }
      if (value.length > this.limits.maxTextLength) this.textTooLong(start);
      if (segmentEnd === lt) break;
      this.i = segmentEnd;
      value += this.parseReference(lt);
      j = this.i;
    }
    this.i = lt;
    children.push({ kind: 'text', value, cdata: false, position: this.tracker.at(start) });
  }

  private parseCData(children: XmlNode[]): void {
    const start = this.i;
    const contentStart = start + 9;
    const close = this.nextCdataEnd.find(contentStart);
    if (close === -1) this.fail('XML_MALFORMED', 'the CDATA section is not closed with ]]>');
    if (close - contentStart > this.limits.maxTextLength) this.textTooLong(start);
    this.i = close + 3;
    if (close === contentStart) return;
    const value = normalizeLineEnds(this.s.slice(contentStart, close));
    if (value.length > this.limits.maxTextLength) this.textTooLong(start);
    children.push({ kind: 'text', value, cdata: true, position: this.tracker.at(start) });
  }

  private parseComment(): XmlComment {
    const s = this.s;
    const start = this.i;
    const contentStart = start + 4;
    const close = s.indexOf('-->', contentStart);
    if (close === -1) this.fail('XML_MALFORMED', 'the comment is not closed with -->');
    if (close - contentStart > this.limits.maxTextLength) this.textTooLong(start);
    const dashes = s.indexOf('--', contentStart);
    if (dashes < close || (close > contentStart && s.charCodeAt(close - 1) === 0x2d))
      this.fail('XML_MALFORMED', "'--' is not allowed inside a comment", dashes < close ? dashes : close - 1);
    this.i = close + 3;
    return {
      kind: 'comment',
      value: normalizeLineEnds(s.slice(contentStart, close)),
      position: this.tracker.at(start),
    };
  }

  private parseEndTag(top: Frame): void {
    const s = this.s;
    const at = this.i;
    this.i += 2;
    const nameEnd = this.scanName(this.i);
    const open = top.element;
    // The name is only copied out of the text when it does not match (for the message).
    const matches = nameEnd - this.i === open.name.length && s.startsWith(open.name, this.i);
    const name = matches ? open.name : s.slice(this.i, nameEnd);
    this.i = nameEnd;
    if (!matches)
      this.fail(
        'XML_MALFORMED',
        name === ''
          ? `expected the end tag </${clip(open.name)}>`
          : `end tag </${clip(name)}> does not match start tag <${clip(open.name)}> (opened at line ${open.position.line}, column ${open.position.column})`,
        at,
      );
    this.skipWhitespace();
    if (s.charCodeAt(this.i) !== GT)
      this.fail(
        'XML_MALFORMED',
        `expected '>' to close the end tag </${clip(name)}>, found ${describeChar(s, this.i)}`,
      );
    this.i++;
  }
}

/** Parses decoded text (from `start`, after any BOM) into the tree, or throws XmlIntakeError. */
export function parseDocument(text: string, start: number, limits: ParserLimits): XmlDocument {
  return new Parser(text, start, limits).parse();
}
