/**
 * Serializes the SKSML message found inside a SOAP envelope as a standalone document for the
 * schema engines. Every in-scope namespace declaration is copied onto the message element, and
 * newlines are inserted so that each element starts on the same line as in the original file:
 * schema findings then carry line numbers a person can look up in the file they gave.
 */
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import type { XmlElement, XmlNode } from '../xml/tree.ts';

/** The chain of elements from `root` down to `target`, both included; null when not found. */
export function elementChain(root: XmlElement, target: XmlElement): XmlElement[] | null {
  const stack: { el: XmlElement; chain: XmlElement[] }[] = [{ el: root, chain: [root] }];
  while (stack.length > 0) {
    const { el, chain } = stack.pop() as { el: XmlElement; chain: XmlElement[] };
    if (el === target) return chain;
    for (const c of el.children) if (c.kind === 'element') stack.push({ el: c, chain: [...chain, c] });
  }
  return null;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The message subtree as XML text with the original line of every element start tag. `ancestors`
 * are the elements above the message (outermost first) whose namespace declarations are in scope.
 */
export function serializeForSchema(message: XmlElement, ancestors: readonly XmlElement[]): string {
  const inScope = new Map<string, string>();
  for (const a of [...ancestors, message])
    for (const d of a.namespaceDeclarations) inScope.set(d.prefix ?? '', d.uri);
  const parts: string[] = [];
  let line = 1;
  const write = (s: string): void => {
    parts.push(s);
    line += countNewlines(s);
  };
  const reachLine = (target: number): void => {
    if (target > line) write('\n'.repeat(target - line));
  };
  type Frame = { node: XmlNode; top: boolean } | { close: string };
  const stack: Frame[] = [{ node: message, top: true }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if ('close' in frame) {
      write(frame.close);
      continue;
    }
    const node = frame.node;
    if (node.kind === 'text') {
      write(escapeText(node.value));
      continue;
    }
    if (node.kind === 'comment') {
      write(`<!--${node.value}-->`);
      continue;
    }
    reachLine(node.position.line);
    let tag = `<${node.name}`;
    const declarations = frame.top
      ? [...inScope.entries()].map(([prefix, uri]) => ({ prefix: prefix === '' ? null : prefix, uri }))
      : node.namespaceDeclarations;
    for (const d of declarations)
      tag +=
        d.prefix === null
          ? ` xmlns="${escapeAttribute(d.uri)}"`
          : ` xmlns:${d.prefix}="${escapeAttribute(d.uri)}"`;
    for (const a of node.attributes) tag += ` ${a.name}="${escapeAttribute(a.value)}"`;
    if (node.children.length === 0) {
      write(`${tag}/>`);
      continue;
    }
    write(`${tag}>`);
    stack.push({ close: `</${node.name}>` });
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i] as XmlNode, top: false });
  }
  return parts.join('');
}
