import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areXmlEquivalent, describeXmlDifference } from '../xml/equivalence.ts';
import { parseXml } from '../xml/intake.ts';
import type { XmlElement, XmlNode } from '../xml/tree.ts';
import { writeXml } from '../xml/writer.ts';
import {
  arbitraryKeyCachePolicyRequest,
  arbitraryKeyCachePolicyResponse,
  arbitrarySksmlMessage,
  arbitrarySymkeyRequest,
  arbitrarySymkeyResponse,
} from '../testkit/arbitraries/index.ts';
import type { SksmlMessage } from './message.ts';
import { DS_NS, SKSML_NS, XENC11_NS, XENC_NS, XSI_NS } from './namespaces.ts';
import { parseKeyCachePolicyRequest, parseKeyCachePolicyResponse } from './parse/parse-key-cache-policy.ts';
import { parseSksmlMessage } from './parse/parse-message.ts';
import { parseSymkeyRequest } from './parse/parse-symkey-request.ts';
import { parseSymkeyResponse } from './parse/parse-symkey-response.ts';
import {
  buildSksmlMessage,
  serializeKeyCachePolicyRequest,
  serializeKeyCachePolicyResponse,
  serializeSksmlMessage,
  serializeSymkeyRequest,
  serializeSymkeyResponse,
} from './serialize/serialize-messages.ts';

/** Raw subtrees (Other slots, extensions) compare as XML, not as objects with positions. */
function isXmlElement(v: unknown): v is XmlElement {
  return (
    typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'element' && 'localName' in v
  );
}
expect.addEqualityTesters([
  (a: unknown, b: unknown) => (isXmlElement(a) && isXmlElement(b) ? areXmlEquivalent(a, b) : undefined),
]);

const root = (xml: string): XmlElement => parseXml(xml).root;

describe('parse(serialize(m)) deep-equals m', () => {
  it('SymkeyRequest', () => {
    fc.assert(
      fc.property(arbitrarySymkeyRequest(), (m) => {
        expect(parseSymkeyRequest(root(serializeSymkeyRequest(m)))).toEqual(m);
      }),
      { numRuns: 200 },
    );
  });

  it('SymkeyResponse', () => {
    fc.assert(
      fc.property(arbitrarySymkeyResponse(), (m) => {
        expect(parseSymkeyResponse(root(serializeSymkeyResponse(m)))).toEqual(m);
      }),
      { numRuns: 150 },
    );
  });

  it('KeyCachePolicyRequest', () => {
    fc.assert(
      fc.property(arbitraryKeyCachePolicyRequest(), (m) => {
        expect(parseKeyCachePolicyRequest(root(serializeKeyCachePolicyRequest(m)))).toEqual(m);
      }),
      { numRuns: 5 },
    );
  });

  it('KeyCachePolicyResponse', () => {
    fc.assert(
      fc.property(arbitraryKeyCachePolicyResponse(), (m) => {
        expect(parseKeyCachePolicyResponse(root(serializeKeyCachePolicyResponse(m)))).toEqual(m);
      }),
      { numRuns: 200 },
    );
  });

  it('SksmlMessage (dispatch), also with indentation', () => {
    fc.assert(
      fc.property(arbitrarySksmlMessage(), fc.constantFrom(undefined, '  ', '\t'), (m, indent) => {
        const xml = serializeSksmlMessage(m, indent === undefined ? {} : { indent, xmlDeclaration: true });
        expect(parseSksmlMessage(root(xml))).toEqual(m);
      }),
      { numRuns: 100 },
    );
  });

  it('the equality tester can fail: a changed message is not equal', () => {
    fc.assert(
      fc.property(arbitrarySymkeyRequest(), (m) => {
        const changed =
          m.kind === 'keys'
            ? { ...m, globalKeyIds: [...m.globalKeyIds, { domainId: 1n, serverId: 1n, keyId: 1n }] }
            : { ...m, symkeyRequestIds: m.symkeyRequestIds.slice(1) };
        expect(parseSymkeyRequest(root(serializeSymkeyRequest(m)))).not.toEqual(changed);
      }),
      { numRuns: 20 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// serialize(parse(x)) is equivalent to x, for x written in other ways.

/** Removes every namespace declaration so the writer declares them at their points of use. */
function withoutDeclarations(el: XmlElement): XmlElement {
  return {
    ...el,
    namespaceDeclarations: [],
    children: el.children.map((c) => (c.kind === 'element' ? withoutDeclarations(c) : c)),
  };
}

const pos = { line: 1, column: 1, offset: 0 };

/** Adds whitespace and comments between the children of element-only elements. */
function withExtraWhitespace(el: XmlElement, depth = 0): XmlElement {
  const children = el.children.map((c) => (c.kind === 'element' ? withExtraWhitespace(c, depth + 1) : c));
  const elementOnly = children.length > 0 && children.every((c) => c.kind === 'element');
  if (!elementOnly) return { ...el, children };
  const spaced: XmlNode[] = [];
  for (const c of children) {
    spaced.push({ kind: 'text', value: `\n${' '.repeat(depth + 1)}\t`, cdata: false, position: pos });
    if (depth % 2 === 0) spaced.push({ kind: 'comment', value: ' note ', position: pos });
    spaced.push(c);
  }
  spaced.push({ kind: 'text', value: '\r\n', cdata: false, position: pos });
  return { ...el, children: spaced };
}

function variants(m: SksmlMessage): string[] {
  const built = buildSksmlMessage(m);
  const canonical = serializeSksmlMessage(m);
  const parsed = root(canonical);
  return [
    canonical,
    writeXml(built, {
      prefixes: { [SKSML_NS]: 'k', [XENC_NS]: 'enc', [DS_NS]: 'sig', [XSI_NS]: 'i', [XENC11_NS]: 'e11' },
    }),
    writeXml(built, { defaultNamespace: SKSML_NS, prefixes: { [XSI_NS]: 'xsi' } }),
    writeXml(built, { defaultNamespace: SKSML_NS, indent: '   ' }),
    writeXml(withoutDeclarations(parsed)),
    writeXml(withExtraWhitespace(parsed)),
    writeXml(withExtraWhitespace(withoutDeclarations(root(writeXml(built, { defaultNamespace: SKSML_NS }))))),
  ];
}

describe('serialize(parse(x)) is equivalent to x', () => {
  it('for documents written with other prefixes, default namespaces, moved declarations and whitespace', () => {
    fc.assert(
      fc.property(arbitrarySksmlMessage(), (m) => {
        const forms = variants(m);
        expect(new Set(forms).size).toBeGreaterThan(2);
        for (const x of forms) {
          const tree = root(x);
          const value = parseSksmlMessage(tree);
          expect(value).toEqual(m);
          const again = root(serializeSksmlMessage(value));
          expect(describeXmlDifference(again, tree)).toBeNull();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('variants really differ in text (prefixes, default namespace)', () => {
    const m: SksmlMessage = { type: 'KeyCachePolicyRequest', message: {} };
    const forms = variants(m);
    expect(forms[0]).toBe(
      '<ekmi:KeyCachePolicyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"/>',
    );
    expect(forms[1]).toBe('<k:KeyCachePolicyRequest xmlns:k="http://docs.oasis-open.org/ekmi/2008/01"/>');
    expect(forms[2]).toBe('<KeyCachePolicyRequest xmlns="http://docs.oasis-open.org/ekmi/2008/01"/>');
  });
});
