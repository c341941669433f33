import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchemaFinding, SchemaValidator } from '../../protocol/schema/engine.ts';
import { serializeForSchema } from '../../protocol/validation/extract-message.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { childElements, type XmlElement } from '../../protocol/xml/tree.ts';
import { payloadMemoKey, SCHEMA_MEMO_MAX_CHARS, validateWithMemo } from './schema-memo.ts';

const finding: SchemaFinding = { engine: 'libxml2', message: 'bad', line: 1, column: 1 };

/** A validator that counts its calls; texts containing "bad" (or the namespace urn:bad) are invalid. */
function countingValidator(): SchemaValidator & { calls: string[] } {
  const calls: string[] = [];
  return {
    engine: 'libxml2',
    calls,
    validate(xml) {
      calls.push(xml);
      return Promise.resolve(xml.includes('bad') ? [finding] : []);
    },
    close: () => Promise.resolve(),
  };
}

/** validateWithMemo keyed on the text itself (no source span). */
function byText(v: SchemaValidator, signer: string, xml: string, max?: number) {
  return validateWithMemo(v, signer, null, () => xml, max);
}

describe('validateWithMemo', () => {
  it('answers a valid text seen before for the same signer without validating again', async () => {
    const v = countingValidator();
    expect(await byText(v, 'A', '<ok/>')).toEqual([]);
    expect(await byText(v, 'A', '<ok/>')).toEqual([]);
    expect(v.calls).toEqual(['<ok/>']);
  });

  it('keeps signers apart, and validators apart', async () => {
    const v = countingValidator();
    const w = countingValidator();
    await byText(v, 'A', '<ok/>');
    await byText(v, 'B', '<ok/>');
    await byText(w, 'A', '<ok/>');
    expect(v.calls).toHaveLength(2);
    expect(w.calls).toHaveLength(1);
  });

  it('never remembers an invalid text', async () => {
    const v = countingValidator();
    expect(await byText(v, 'A', '<bad/>')).toEqual([finding]);
    expect(await byText(v, 'A', '<bad/>')).toEqual([finding]);
    expect(v.calls).toHaveLength(2);
  });

  it('always validates long texts', async () => {
    const v = countingValidator();
    const long = `<ok>${'x'.repeat(SCHEMA_MEMO_MAX_CHARS)}</ok>`;
    await byText(v, 'A', long);
    await byText(v, 'A', long);
    expect(v.calls).toHaveLength(2);
  });

  it('forgets the least recently used text beyond its size', async () => {
    const v = countingValidator();
    await byText(v, 'A', '<one/>', 2);
    await byText(v, 'A', '<two/>', 2);
    await byText(v, 'A', '<one/>', 2); // <one/> is now the most recent
    await byText(v, 'A', '<three/>', 2); // evicts <two/>
    await byText(v, 'A', '<one/>', 2);
    await byText(v, 'A', '<two/>', 2);
    expect(v.calls).toEqual(['<one/>', '<two/>', '<three/>', '<two/>']);
  });
});

interface Envelope {
  readonly root: XmlElement;
  readonly body: XmlElement;
  readonly payload: XmlElement;
}

function envelopeOf(xml: string): Envelope {
  const root = parseXml(xml).root;
  const body = childElements(root).at(-1) as XmlElement;
  return { root, body, payload: childElements(body)[0] as XmlElement };
}

const ENV = 'http://www.w3.org/2003/05/soap-envelope';

describe('payloadMemoKey', () => {
  it('keys a parsed payload on its source and the ancestors’ declarations, never on the serialization', async () => {
    const xml = (pUri: string) =>
      `<e:Envelope xmlns:e="${ENV}" xmlns:p="${pUri}"><e:Body><p:Req a="1"><p:X/></p:Req></e:Body></e:Envelope>`;
    const good = envelopeOf(xml('urn:good'));
    const bad = envelopeOf(xml('urn:bad'));
    const v = countingValidator();
    const run = (e: Envelope) => {
      const ancestors = [e.root, e.body];
      return validateWithMemo(v, 'A', payloadMemoKey(e.payload, ancestors), () =>
        serializeForSchema(e.payload, ancestors),
      );
    };
    expect(await run(good)).toEqual([]);
    expect(await run(envelopeOf(xml('urn:good')))).toEqual([]);
    expect(v.calls).toHaveLength(1);
    // The same payload characters under another binding of its prefix: validated again, and refused.
    expect(await run(bad)).toEqual([finding]);
    expect(v.calls).toHaveLength(2);
    expect(payloadMemoKey(good.payload, [good.root, good.body])).not.toBe(
      payloadMemoKey(bad.payload, [bad.root, bad.body]),
    );
  });

  it('is null for a payload parseXml has no source for (a tree built in memory)', () => {
    const e = envelopeOf(`<e:Envelope xmlns:e="${ENV}"><e:Body><R/></e:Body></e:Envelope>`);
    const copy: XmlElement = { ...e.payload };
    expect(payloadMemoKey(copy, [e.root, e.body])).toBeNull();
    expect(payloadMemoKey(e.payload, [e.root, e.body])).not.toBeNull();
  });

  it('same key => the same text for the schema engine (but for blank lines before it)', () => {
    const ns = fc.constantFrom('urn:a', 'urn:b');
    const variant = fc.record({
      lead: fc.nat(3),
      envNs: ns,
      bodyNs: fc.option(ns, { nil: undefined }),
      prefix: fc.constantFrom('p', 'q'),
      ownDecl: fc.option(ns, { nil: undefined }),
      quote: fc.constantFrom('"', "'"),
      gap: fc.constantFrom('', ' ', '\n', '\r\n  '),
      comment: fc.boolean(),
      value: fc.constantFrom('1', 'a&amp;b', 'x\ny', '&#x41;'),
      typed: fc.constantFrom('', ' xsi:type="p:T"', ' xsi:type="q:T"'),
    });
    type Variant = typeof variant extends fc.Arbitrary<infer T> ? T : never;
    const render = (x: Variant): string => {
      const q = x.quote;
      const own = x.ownDecl === undefined ? '' : ` xmlns:${x.prefix}=${q}${x.ownDecl}${q}`;
      const bodyDecl = x.bodyNs === undefined ? '' : ` xmlns:p="${x.bodyNs}"`;
      return (
        `${'\n'.repeat(x.lead)}<e:Envelope xmlns:e="${ENV}" xmlns:p="${x.envNs}" xmlns:q="urn:q" ` +
        `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<e:Body${bodyDecl}>` +
        `<${x.prefix}:R${own} n=${q}${x.value}${q}${x.typed}>${x.gap}` +
        `${x.comment ? '<!-- c -->' : ''}<${x.prefix}:I>${x.value}</${x.prefix}:I>${x.gap}</${x.prefix}:R>` +
        `</e:Body></e:Envelope>`
      );
    };
    // b shares a random subset of a's choices, so equal keys are frequent.
    const pair = fc
      .tuple(variant, variant, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }))
      .map(([a, other, mask]) => {
        const keys = Object.keys(a) as (keyof Variant)[];
        const b = { ...a } as Record<keyof Variant, unknown>;
        keys.forEach((k, i) => {
          if (mask[i] === true) b[k] = other[k];
        });
        return [a, b as Variant] as const;
      });
    let equalKeys = 0;
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const ea = envelopeOf(render(a));
        const eb = envelopeOf(render(b));
        const ka = payloadMemoKey(ea.payload, [ea.root, ea.body]);
        const kb = payloadMemoKey(eb.payload, [eb.root, eb.body]);
        expect(ka).not.toBeNull();
        const strip = (t: string): string => t.replace(/^\n*/, '');
        const ta = strip(serializeForSchema(ea.payload, [ea.root, ea.body]));
        const tb = strip(serializeForSchema(eb.payload, [eb.root, eb.body]));
        if (ka === kb) {
          equalKeys++;
          expect(ta).toBe(tb);
        }
        // The key tells apart whatever the engine would be told apart by.
        if (ta !== tb) expect(ka).not.toBe(kb);
      }),
      { numRuns: 400 },
    );
    expect(equalKeys).toBeGreaterThan(5);
  });
});
