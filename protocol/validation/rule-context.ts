/**
 * The semantic rules' view of a document: every element with its path and parent, computed once
 * (iteratively, so no nesting depth can overflow the stack), plus a finding reporter.
 */
import { childElements, directText, type XmlElement } from '../xml/tree.ts';
import type { FindingSeverity, SemanticFinding } from './finding.ts';
import { SKSML_NS } from './sksml-names.ts';

export interface LocatedElement {
  readonly element: XmlElement;
  readonly path: string;
  readonly parent: LocatedElement | null;
}

export interface FindingInput {
  readonly code: string;
  readonly requirement: string;
  readonly severity: FindingSeverity;
  readonly message: string;
}

export interface RuleContext {
  /** Every element of the message in document order (root first). */
  readonly elements: readonly LocatedElement[];
  /** Elements in the SKSML namespace with the given local name, in document order. */
  sksml(localName: string): readonly LocatedElement[];
  /** The located form of a child element (for paths). */
  locate(element: XmlElement): LocatedElement;
  report(at: LocatedElement, finding: FindingInput): void;
}

/** Builds the located element list; siblings sharing a name get 1-based `[n]` indexes. */
export function locateElements(root: XmlElement, basePath = ''): LocatedElement[] {
  const out: LocatedElement[] = [];
  const rootLocated: LocatedElement = { element: root, path: `${basePath}/${root.localName}`, parent: null };
  const stack: LocatedElement[] = [rootLocated];
  while (stack.length > 0) {
    const current = stack.pop() as LocatedElement;
    out.push(current);
    const kids = childElements(current.element);
    const totals = new Map<string, number>();
    for (const k of kids) totals.set(k.localName, (totals.get(k.localName) ?? 0) + 1);
    const seen = new Map<string, number>();
    const located = kids.map((k) => {
      const n = (seen.get(k.localName) ?? 0) + 1;
      seen.set(k.localName, n);
      const step = (totals.get(k.localName) ?? 1) > 1 ? `${k.localName}[${n}]` : k.localName;
      return { element: k, path: `${current.path}/${step}`, parent: current };
    });
    for (let i = located.length - 1; i >= 0; i--) stack.push(located[i] as LocatedElement);
  }
  return out;
}

export function createRuleContext(root: XmlElement, sink: SemanticFinding[], basePath = ''): RuleContext {
  const elements = locateElements(root, basePath);
  const byElement = new Map<XmlElement, LocatedElement>(elements.map((l) => [l.element, l]));
  const byName = new Map<string, LocatedElement[]>();
  for (const l of elements) {
    if (l.element.namespaceURI !== SKSML_NS) continue;
    const list = byName.get(l.element.localName);
    if (list) list.push(l);
    else byName.set(l.element.localName, [l]);
  }
  return {
    elements,
    sksml: (localName) => byName.get(localName) ?? [],
    locate: (element) => {
      const found = byElement.get(element);
      if (!found) throw new Error('element is not part of this document');
      return found;
    },
    report: (at, f) =>
      sink.push({
        ...f,
        path: at.path,
        line: at.element.position.line,
        column: at.element.position.column,
      }),
  };
}

/** The first SKSML-namespace child element with the local name, if any. */
export function sksmlChild(element: XmlElement, localName: string): XmlElement | undefined {
  return childElements(element).find((c) => c.namespaceURI === SKSML_NS && c.localName === localName);
}

/** All SKSML-namespace child elements with the local name. */
export function sksmlChildren(element: XmlElement, localName: string): XmlElement[] {
  return childElements(element).filter((c) => c.namespaceURI === SKSML_NS && c.localName === localName);
}

/** The element's direct text with XML Schema whitespace collapsing (for token-like values). */
export function collapsedText(element: XmlElement): string {
  return directText(element)
    .replace(/[\t\n\r ]+/g, ' ')
    .trim();
}

/** Shortens a value for quoting in a message (values may be hostile and long). */
export function quote(value: string, max = 40): string {
  const shown = value.length > max ? `${value.slice(0, max)}...` : value;
  return `'${[...shown].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' ? '?' : c)).join('')}'`;
}
