import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/intake.ts';
import type { XmlElement, XmlNode } from '../xml/tree.ts';
import { areXmlEquivalent } from '../xml/equivalence.ts';
import { arbitrarySksmlMessage } from '../testkit/arbitraries/index.ts';
import { ModelError } from './model-error.ts';
import { parseSksmlMessage } from './parse/parse-message.ts';
import { serializeSksmlMessage } from './serialize/serialize-messages.ts';

expect.addEqualityTesters([
  (a: unknown, b: unknown) => {
    const isEl = (v: unknown): v is XmlElement =>
      typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'element' && 'localName' in v;
    return isEl(a) && isEl(b) ? areXmlEquivalent(a, b) : undefined;
  },
]);

type Mutation =
  | { op: 'remove' | 'duplicate' | 'swap'; target: number }
  | { op: 'text'; target: number; value: string }
  | { op: 'attribute'; target: number; name: string; ns: string | null; value: string }
  | { op: 'rename'; target: number; name: string };

const pos = { line: 1, column: 1, offset: 0 };

/** Applies `m` to the `target`-th element (document order, root excluded) of `root`. */
function mutate(root: XmlElement, m: Mutation): XmlElement {
  let counter = -1;
  const visit = (el: XmlElement): XmlElement => {
    const children: XmlNode[] = [];
    el.children.forEach((c, i) => {
      if (c.kind !== 'element') return children.push(c);
      counter++;
      if (counter !== m.target) return children.push(visit(c));
      switch (m.op) {
        case 'remove':
          return;
        case 'duplicate':
          return children.push(c, c);
        case 'swap': {
          const next = el.children.slice(i + 1).find((n) => n.kind === 'element');
          return children.push(next ?? c);
        }
        case 'text':
          return children.push({
            ...c,
            children: [{ kind: 'text', value: m.value, cdata: false, position: pos }],
          });
        case 'attribute':
          return children.push({
            ...c,
            attributes: [
              ...c.attributes,
              {
                name: m.name,
                prefix: m.ns ? 'p' : null,
                localName: m.name,
                namespaceURI: m.ns,
                value: m.value,
                position: pos,
              },
            ],
          });
        case 'rename':
          return children.push({
            ...c,
            localName: m.name,
            name: c.prefix ? `${c.prefix}:${m.name}` : m.name,
          });
      }
    });
    return { ...el, children };
  };
  return visit(root);
}

const arbitraryMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constantFrom('remove' as const, 'duplicate' as const, 'swap' as const),
    target: fc.nat(200),
  }),
  fc.record({
    op: fc.constant('text' as const),
    target: fc.nat(200),
    value: fc.oneof(
      fc.constantFrom('', ' ', '0', '-1', '18446744073709551616', 'true', 'AA==', '10514-0-0', '2024-02-30'),
      fc.string(),
    ),
  }),
  fc.record({
    op: fc.constant('attribute' as const),
    target: fc.nat(200),
    name: fc.constantFrom('any', 'nil', 'Algorithm', 'x'),
    ns: fc.constantFrom(
      null,
      'http://docs.oasis-open.org/ekmi/2008/01',
      'http://www.w3.org/2001/XMLSchema-instance',
    ),
    value: fc.constantFrom('true', 'false', '1', ''),
  }),
  fc.record({
    op: fc.constant('rename' as const),
    target: fc.nat(200),
    name: fc.constantFrom(
      'Symkey',
      'SymkeyError',
      'KeyClass',
      'Other',
      'PermittedDay',
      'CipherValue',
      'Bogus',
    ),
  }),
);

describe('parse fails closed on damaged messages', () => {
  let accepted = 0;
  let refused = 0;

  it('only ever throws ModelError, and whatever it accepts serializes and re-parses to the same value', () => {
    fc.assert(
      fc.property(
        arbitrarySksmlMessage(),
        fc.array(arbitraryMutation, { minLength: 1, maxLength: 3 }),
        (m, mutations) => {
          let tree = parseXml(serializeSksmlMessage(m)).root;
          for (const mu of mutations) tree = mutate(tree, mu);
          let value;
          try {
            value = parseSksmlMessage(tree);
          } catch (e) {
            expect(e).toBeInstanceOf(ModelError);
            expect((e as ModelError).path.startsWith('/')).toBe(true);
            refused++;
            return;
          }
          accepted++;
          const again = parseSksmlMessage(parseXml(serializeSksmlMessage(value)).root);
          expect(again).toEqual(value);
        },
      ),
      { numRuns: 300 },
    );
    // Both outcomes must occur, or the property proves nothing.
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});
