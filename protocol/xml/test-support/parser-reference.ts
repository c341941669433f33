/**
 * TEST SUPPORT ONLY. The intake parser as it was before the H34 performance work (per-attribute
 * pending objects, name strings sliced per tag), kept unchanged as the oracle of
 * parser-reference.test.ts: the current parser must build deep-equal trees (positions included),
 * the same source spans, and throw the same errors (code, message, position).
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
} from '../tree.ts';
import { DISALLOWED_CHARACTER, isNameChar, isNameStartChar, isWhitespace, isXmlChar } from '../chars.ts';
import { XmlIntakeError } from '../intake-error.ts';
import type { XmlIntakeCode } from '../intake-error.ts';
import { NextIndex } from '../next-index.ts';
import { PositionTracker } from '../position-tracker.ts';

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** The limits the parser enforces (see IntakeLimits in intake.ts for their meaning). */
interface ParserLimits {
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

const DTD_KEYWORDS = /^<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

/**
 * The source text of the outermost levels of every parsed document: the root, its children and
 * their children (a SOAP Envelope, Header and Body, the header blocks and the Body's payload).
 * Keyed by the element object, which is immutable, so a span always holds exactly the characters
 * that element's subtree was parsed from. Elements built in memory have none.
 */
const SOURCE_SPAN_DEPTH = 3;
const sourceSpans = new WeakMap<XmlElement, string>();

/**
 * The characters `element` (start tag to end tag) was parsed from, for elements of the outermost
 * SOURCE_SPAN_DEPTH levels of a document parseXml read; null otherwise. The subtree's namespace
 * bindings declared on its ancestors are not part of it.
 */
export function referenceSourceSpanOf(element: XmlElement): string | null {
  return sourceSpans.get(element) ?? null;
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);
const NO_DECLARATIONS: readonly XmlNamespaceDeclaration[] = Object.freeze([]);

interface PendingAttribute {
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  readonly value: string;
  readonly position: XmlPosition;
}

interface Frame {
  readonly element: XmlElement;
  readonly children: XmlNode[];
  /** Bindings this element replaced, restored when it closes: [prefix ('' = default), previous]. */
  readonly undo: (readonly [string, string | undefined])[] | null;
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
          const frame = this.parseStartTag(stack.length + 1, top);
          if (root === null) root = frame.element;
          if (!frame.selfClosing) stack.push(frame);
          else {
            if (stack.length < SOURCE_SPAN_DEPTH) sourceSpans.set(frame.element, s.slice(tagStart, this.i));
            this.restore(frame.undo);
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

  /** Reads a QName at the cursor (Namespaces in XML 1.0 §4) and splits it. */
  private readQName(what: string): { name: string; prefix: string | null; localName: string } {
    const start = this.i;
    const end = this.scanName(start);
    if (end === start) this.fail('XML_MALFORMED', `expected ${what}, found ${describeChar(this.s, start)}`);
    const name = this.s.slice(start, end);
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
    return { name, prefix, localName };
  }

  private skipWhitespace(): boolean {
    const start = this.i;
    while (this.i < this.end && isWhitespace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private parseStartTag(depth: number, parent: Frame | undefined): Frame & { readonly selfClosing: boolean } {
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
    const attributes: PendingAttribute[] = [];
    const declarations: XmlNamespaceDeclaration[] = [];
    let names: string[] | null = null;
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
      names ??= [];
      if (nameSet === null && names.length >= 8) nameSet = new Set(names);
      if (nameSet !== null ? nameSet.has(an.name) : names.includes(an.name))
        this.fail(
          'XML_DUPLICATE_ATTRIBUTE',
          an.prefix === 'xmlns' || an.name === 'xmlns'
            ? `the namespace declaration ${clip(an.name)} appears twice on <${clip(qn.name)}>`
            : `attribute ${clip(an.name)} appears twice on <${clip(qn.name)}>`,
          attrStart,
        );
      names.push(an.name);
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
      if (an.prefix === 'xmlns' || (an.prefix === null && an.localName === 'xmlns')) {
        const prefix = an.prefix === null ? null : an.localName;
        this.checkDeclaration(prefix, value, attrStart);
        declarations.push({ prefix, uri: value });
      } else {
        attributes.push({
          name: an.name,
          prefix: an.prefix,
          localName: an.localName,
          value,
          position: attrPosition,
        });
      }
    }
    const undo = this.bind(declarations);
    const namespaceURI = this.resolveElementNamespace(qn.prefix, qn.name, tagStart);
    const resolved = this.resolveAttributes(attributes, qn.name);
    const children: XmlNode[] = [];
    const element: XmlElement = {
      kind: 'element',
      name: qn.name,
      prefix: qn.prefix,
      localName: qn.localName,
      namespaceURI,
      attributes: resolved,
      namespaceDeclarations: declarations.length === 0 ? NO_DECLARATIONS : declarations,
      children,
      position,
    };
    if (parent !== undefined) parent.children.push(element);
    return { element, children, undo, selfClosing };
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
    if (declarations.length === 0) return null;
    const undo: (readonly [string, string | undefined])[] = [];
    for (const d of declarations) {
      const key = d.prefix ?? '';
      undo.push([key, this.bindings.get(key)]);
      this.bindings.set(key, d.uri);
    }
    return undo;
  }

  private restore(undo: Frame['undo']): void {
    if (undo === null) return;
    for (let k = undo.length - 1; k >= 0; k--) {
      const [key, previous] = undo[k] as readonly [string, string | undefined];
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

  private resolveAttributes(
    pending: readonly PendingAttribute[],
    elementName: string,
  ): readonly XmlAttribute[] {
    if (pending.length === 0) return NO_ATTRIBUTES;
    const out: XmlAttribute[] = [];
    let prefixed = 0;
    for (const a of pending) {
      let namespaceURI: string | null = null;
      if (a.prefix !== null) {
        const uri = this.resolvePrefix(a.prefix);
        if (uri === undefined)
          this.fail(
            'XML_NAMESPACE_ERROR',
            `attribute ${clip(a.name)} uses the prefix "${clip(a.prefix)}", which is not declared (add xmlns:${clip(a.prefix)}="...")`,
            a.position.offset,
          );
        namespaceURI = uri;
        prefixed++;
      }
      out.push({
        name: a.name,
        prefix: a.prefix,
        localName: a.localName,
        namespaceURI,
        value: a.value,
        position: a.position,
      });
    }
    if (prefixed > 0) {
      // Namespaces in XML 1.0 §6.3: no two attributes with the same expanded name.
      const seen = new Set<string>();
      for (const a of out) {
        if (a.namespaceURI === null) continue;
        const key = `${a.namespaceURI} ${a.localName}`;
        if (seen.has(key))
          this.fail(
            'XML_DUPLICATE_ATTRIBUTE',
            `attribute ${clip(a.name)} on <${clip(elementName)}> has the same namespace and local name as another attribute`,
            a.position.offset,
          );
        seen.add(key);
      }
    }
    return out;
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
    const name = s.slice(this.i, nameEnd);
    this.i = nameEnd;
    const open = top.element;
    if (name !== open.name)
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
export function referenceParseDocument(text: string, start: number, limits: ParserLimits): XmlDocument {
  return new Parser(text, start, limits).parse();
}
