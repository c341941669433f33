/**
 * Walks one element's children as an XSD sequence, reporting problems as ModelError with the
 * element path. Whitespace-only text and comments between elements are ignored; any other text
 * in element-only content is refused.
 */
import type { XmlAttribute, XmlElement } from '../../xml/tree.ts';
import { directText } from '../../xml/tree.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_NS, XSI_NS } from '../namespaces.ts';
import { LexicalError, isXmlWhitespace, parseBoolean } from './lexical.ts';

/** An element together with its path, e.g. `/SymkeyResponse/Symkey[2]`. */
export interface Located {
  readonly element: XmlElement;
  readonly path: string;
}

export interface QName {
  readonly ns: string | null;
  readonly local: string;
}

const key = (ns: string | null, local: string): string => `${ns ?? ''}|${local}`;
const display = (q: QName): string => (q.ns === SKSML_NS ? q.local : `{${q.ns ?? ''}}${q.local}`);

export function sksml(local: string): QName {
  return { ns: SKSML_NS, local };
}

/** Attributes XSD allows on every element and that carry no SKSML data. */
const IGNORABLE_ATTRIBUTES = new Set([
  key(XSI_NS, 'schemaLocation'),
  key(XSI_NS, 'noNamespaceSchemaLocation'),
]);

export function locatedRoot(element: XmlElement): Located {
  return { element, path: `/${element.localName}` };
}

/** Refuses every attribute not listed (xsi:schemaLocation hints excepted). */
export function checkAttributes(at: Located, allowed: readonly QName[] = [], requirement?: string): void {
  const ok = new Set(allowed.map((q) => key(q.ns, q.local)));
  for (const a of at.element.attributes) {
    const k = key(a.namespaceURI, a.localName);
    if (ok.has(k) || IGNORABLE_ATTRIBUTES.has(k)) continue;
    throw new ModelError(
      'MODEL_UNEXPECTED_ATTRIBUTE',
      `attribute ${a.name} is not allowed here`,
      `${at.path}/@${a.localName}`,
      {
        position: a.position,
        ...(requirement ? { requirement } : {}),
      },
    );
  }
}

export function findAttr(at: Located, q: QName): XmlAttribute | undefined {
  return at.element.attributes.find((a) => a.namespaceURI === q.ns && a.localName === q.local);
}

/** Wraps a lexical check so its failure becomes MODEL_INVALID_VALUE (or `code`) at `path`. */
export function lexical<T>(
  at: Located,
  parse: () => T,
  options: { requirement?: string; code?: 'MODEL_INVALID_VALUE' | 'MODEL_INVALID_ID'; path?: string } = {},
): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof LexicalError) && !(e instanceof Error && e.name === 'InvalidIdentifierError')) throw e;
    throw new ModelError(
      options.code ?? 'MODEL_INVALID_VALUE',
      `invalid value: ${e.message}`,
      options.path ?? at.path,
      {
        position: at.element.position,
        ...(options.requirement ? { requirement: options.requirement } : {}),
      },
    );
  }
}

/** The text of a simple-content element: no child elements allowed. */
export function simpleText(at: Located): string {
  for (const c of at.element.children) {
    if (c.kind === 'element')
      throw new ModelError(
        'MODEL_UNEXPECTED_ELEMENT',
        `element ${c.localName} is not allowed in a value`,
        `${at.path}/${c.localName}`,
        {
          position: c.position,
        },
      );
  }
  return directText(at.element);
}

/**
 * Reads `xsi:nil`: true / false, or undefined when absent. An invalid boolean is refused.
 */
export function readNil(at: Located): boolean | undefined {
  const a = findAttr(at, { ns: XSI_NS, local: 'nil' });
  if (a === undefined) return undefined;
  return lexical(at, () => parseBoolean(a.value), { path: `${at.path}/@${a.localName}` });
}

/** True when the element has no element children and no text at all (comments allowed). */
export function isEmptyElement(element: XmlElement): boolean {
  return element.children.every((c) => c.kind === 'comment');
}

export class SequenceReader {
  private readonly items: XmlElement[] = [];
  private index = 0;
  private readonly seen = new Map<string, number>();
  private readonly allowed: Set<string>;

  /** `allowed`: every element name the sequence can contain (for misorder diagnostics). */
  constructor(
    readonly at: Located,
    allowed: readonly QName[],
  ) {
    this.allowed = new Set(allowed.map((q) => key(q.ns, q.local)));
    for (const c of at.element.children) {
      if (c.kind === 'element') this.items.push(c);
      else if (c.kind === 'text' && !isXmlWhitespace(c.value))
        throw new ModelError(
          'MODEL_UNEXPECTED_TEXT',
          'text is not allowed in element-only content',
          at.path,
          {
            position: c.position,
          },
        );
    }
  }

  private current(): XmlElement | undefined {
    return this.items[this.index];
  }

  private is(el: XmlElement | undefined, q: QName): el is XmlElement {
    return el !== undefined && el.namespaceURI === q.ns && el.localName === q.local;
  }

  private take(q: QName, indexed: boolean): Located {
    const el = this.items[this.index++]!;
    const k = key(q.ns, q.local);
    const n = (this.seen.get(k) ?? 0) + 1;
    this.seen.set(k, n);
    return { element: el, path: `${this.at.path}/${q.local}${indexed ? `[${n}]` : ''}` };
  }

  /** True when the next child is `q`. */
  peek(q: QName): boolean {
    return this.is(this.current(), q);
  }

  /** The next child, which must be `q`. */
  required(q: QName, requirement?: string): Located {
    const el = this.current();
    if (this.is(el, q)) return this.take(q, false);
    throw this.missing(q, el, requirement);
  }

  optional(q: QName): Located | undefined {
    return this.peek(q) ? this.take(q, false) : undefined;
  }

  /** `min`.. consecutive `q` children, with indexed paths. */
  repeated(q: QName, min: number, requirement?: string): Located[] {
    const out: Located[] = [];
    while (this.peek(q)) out.push(this.take(q, true));
    if (out.length < min) throw this.missing(q, this.current(), requirement);
    return out;
  }

  /** Takes the next child whatever it is (for wildcards); the caller checked it exists. */
  wildcard(): Located {
    const el = this.current();
    if (el === undefined) throw new Error('SequenceReader.wildcard called at the end');
    return this.take({ ns: el.namespaceURI, local: el.localName }, true);
  }

  /** Refuses anything left over. */
  end(requirement?: string): void {
    const el = this.current();
    if (el !== undefined) throw this.unexpected(el, requirement);
  }

  /** The next child element, if any (for choices). */
  next(): XmlElement | undefined {
    return this.current();
  }

  unexpected(el: XmlElement, requirement?: string, detail?: string): ModelError {
    const q = { ns: el.namespaceURI, local: el.localName };
    const inWrongNs =
      el.namespaceURI !== SKSML_NS &&
      this.at.element.namespaceURI === SKSML_NS &&
      this.allowedLocal(el.localName);
    const text =
      detail ??
      (inWrongNs
        ? `element ${display(q)} is in the wrong namespace`
        : this.allowed.has(key(q.ns, q.local))
          ? `element ${display(q)} is out of order or repeated`
          : `element ${display(q)} is not allowed here`);
    return new ModelError('MODEL_UNEXPECTED_ELEMENT', text, `${this.at.path}/${el.localName}`, {
      position: el.position,
      ...(inWrongNs ? { requirement: 'SKSML-MSG-1' } : requirement ? { requirement } : {}),
    });
  }

  private allowedLocal(local: string): boolean {
    for (const k of this.allowed) if (k.endsWith(`|${local}`)) return true;
    return false;
  }

  private missing(q: QName, el: XmlElement | undefined, requirement?: string): ModelError {
    if (el !== undefined) {
      const laterHasIt = this.items.slice(this.index + 1).some((x) => this.is(x, q));
      const known = this.allowed.has(key(el.namespaceURI, el.localName));
      if (laterHasIt || !known) return this.unexpected(el, requirement);
    }
    return new ModelError(
      'MODEL_MISSING_ELEMENT',
      `required element ${display(q)} is missing`,
      `${this.at.path}/${q.local}`,
      {
        position: el?.position ?? this.at.element.position,
        ...(requirement ? { requirement } : {}),
      },
    );
  }
}
