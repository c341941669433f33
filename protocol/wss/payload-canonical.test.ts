import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SKSML_NS } from '../model/namespaces.ts';
import { buildSymkeyResponse } from '../model/serialize/serialize-messages.ts';
import { buildSymkey, buildSymkeyError } from '../testkit/builders.ts';
import { createTestPki } from '../testkit/pki.ts';
import { canonicalize } from '../xml/c14n.ts';
import { parseXml } from '../xml/intake.ts';
import type { XmlElement } from '../xml/tree.ts';
import {
  attribute,
  element,
  writeXml,
  writeXmlWithCanonical,
  type WriterAttribute,
  type WriterChild,
  type WriterElement,
} from '../xml/writer.ts';
import { findBodyInclusivePrefixes, sortPrefixList } from './inclusive-prefixes.ts';
import { ENVELOPE_NS, WSU_NS } from './namespaces.ts';
import { PayloadCanonicalizer } from './payload-canonical.ts';
import { createEnvelopeSigner, type SignerIdKind } from './sign.ts';
import { createReferenceEnvelopeSigner } from './test-support/sign-reference.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XML = 'http://www.w3.org/XML/1998/namespace';
const ATTRIBUTE_NS = [null, null, SKSML_NS, XSI, 'urn:b', XML, WSU_NS];
const LOCALS = ['a', 'b', 'any', 'nil', 'Value', 'faultcode', 'x-y.z', 'é', 'Id', 'ID'];
/** Texts and values that look like QNames (the PrefixList rule) or need escaping. */
const VALUES = [
  '',
  'plain',
  'ns1:x',
  ' ns2:y ',
  'ns3:z',
  'env:Sender',
  'soap:Client',
  'wsu:Id',
  'xml:lang',
  'xmlns:p',
  'p:q',
  'a:b:c',
  '1:x',
  'a&b<c>"d"\t\n\r',
  'é:ü',
];

function arbs(weightIdLike: number): fc.Arbitrary<WriterElement> {
  const attributeArb: fc.Arbitrary<WriterAttribute> = fc
    .tuple(
      fc.constantFrom(...ATTRIBUTE_NS),
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...LOCALS.filter((l) => l.toLowerCase() !== 'id')) },
        { weight: weightIdLike, arbitrary: fc.constantFrom('Id', 'ID') },
      ),
      fc.constantFrom(...VALUES),
    )
    .map(([ns, local, value]) => attribute(ns, local, value));
  const { tree } = fc.letrec<{ tree: WriterElement; child: WriterChild }>((tie) => ({
    tree: fc
      .record({
        namespaceURI: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(null, SKSML_NS, 'urn:a', 'http://x/?a=1&b="2"') },
          { weight: 1, arbitrary: fc.constantFrom(ENVELOPE_NS['1.2'], WSU_NS) },
        ),
        localName: fc.constantFrom(...LOCALS.filter((l) => l.toLowerCase() !== 'id')),
        attributes: fc.uniqueArray(attributeArb, {
          maxLength: 4,
          selector: (a) => `${a.namespaceURI ?? ''}|${a.localName}`,
        }),
        children: fc.array(tie('child'), { maxLength: 4 }),
      })
      .map((r) => ({ kind: 'writer-element' as const, ...r })),
    child: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'payload' },
      { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
      { weight: 3, arbitrary: tie('tree') },
    ),
  }));
  return tree;
}

/** The Body as the signer builds it, parsed from text, with its Envelope. */
function parsedBody(version: '1.1' | '1.2', payloadText: string): { envelope: XmlElement; body: XmlElement } {
  const p = version === '1.2' ? 'env' : 'soap';
  const envelope = parseXml(
    `<${p}:Envelope xmlns:${p}="${ENVELOPE_NS[version]}"><${p}:Body xmlns:wsu="${WSU_NS}" wsu:Id="b-1">${payloadText}</${p}:Body></${p}:Envelope>`,
  ).root;
  return { envelope, body: envelope.children[0] as XmlElement };
}

describe('PayloadCanonicalizer with writeXmlWithCanonical', () => {
  it('writes the text writeXml writes, the PrefixList and exc-c14n of the Body, or refuses (property)', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(arbs(1), fc.constantFrom('1.1' as const, '1.2' as const), (payload, version) => {
        runs++;
        const prefix = version === '1.2' ? 'env' : 'soap';
        const sink = new PayloadCanonicalizer(prefix);
        let text: string | null;
        try {
          text = writeXmlWithCanonical(payload, sink);
        } catch (e) {
          // The same error as the writer.
          expect(() => writeXml(payload)).toThrow((e as Error).message);
          return;
        }
        if (text === null || sink.refused) return;
        accepted++;
        expect(text).toBe(writeXml(payload));
        const { envelope, body } = parsedBody(version, text);
        const expected = findBodyInclusivePrefixes(body, [envelope]);
        expect(sortPrefixList(sink.prefixes)).toEqual(expected);
        const canonical = canonicalize(body, {
          inclusivePrefixes: expected,
          ancestorNamespaces: envelope.namespaceDeclarations,
        });
        expect(
          `<${prefix}:Body xmlns:${prefix}="${ENVELOPE_NS[version]}" xmlns:wsu="${WSU_NS}" wsu:Id="b-1">${sink.out}</${prefix}:Body>`,
        ).toBe(canonical);
      }),
      { numRuns: 400 },
    );
    // The comparison must actually run for most inputs.
    expect(accepted).toBeGreaterThan(runs / 3);
  });

  it('refuses what it cannot state exactly', () => {
    const refuses = (payload: WriterElement): boolean => {
      const sink = new PayloadCanonicalizer('env');
      return writeXmlWithCanonical(payload, sink) === null || sink.refused;
    };
    expect(refuses(element(SKSML_NS, 'R', [element(SKSML_NS, 'X')]))).toBe(false);
    // An Id-like attribute, an element of the envelope namespace, a fault code, the wsu prefix.
    expect(refuses(element(SKSML_NS, 'R', [], [attribute(null, 'id', 'x')]))).toBe(true);
    expect(refuses(element(SKSML_NS, 'R', [element(ENVELOPE_NS['1.1'], 'X')]))).toBe(true);
    expect(refuses(element(null, 'faultcode', ['a:b']))).toBe(true);
    expect(refuses(element(WSU_NS, 'R'))).toBe(false);
    const wsuDeclared = parseXml(`<wsu:x xmlns:wsu="${WSU_NS}"/>`).root;
    // A raw parsed subtree, an element emptied of its only text.
    expect(refuses(element(SKSML_NS, 'R', [wsuDeclared]))).toBe(true);
    expect(refuses(element(SKSML_NS, 'R', ['', '']))).toBe(true);
  });
});

describe('the signer with the written-payload path', () => {
  const pki = createTestPki();
  const server = pki.servers[0]!;
  const credentials = { certificate: server.certificate, privateKey: server.privateKey };
  const now = new Date('2026-11-28T12:00:00.000Z');
  function fixedIds(): (kind: SignerIdKind) => string {
    let n = 0;
    return (kind) => `${kind}-${++n}`;
  }

  it('signs byte-identically to the previous signer (property)', () => {
    fc.assert(
      fc.property(arbs(0), fc.constantFrom('1.1' as const, '1.2' as const), (payload, version) => {
        let expected: string;
        try {
          expected = createReferenceEnvelopeSigner(
            credentials,
            fixedIds(),
          )({
            payloadXml: writeXml(payload),
            version,
            now,
          });
        } catch {
          return;
        }
        expect(createEnvelopeSigner(credentials, { newId: fixedIds() })({ payload, version, now })).toBe(
          expected,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('takes the fast path for server-shaped responses', () => {
    const requestId = { domainId: 10514n, serverId: 1n, requestId: 7n };
    const payload = buildSymkeyResponse({
      symkeys: [
        buildSymkey({
          symkeyRequestId: requestId,
          globalKeyId: { domainId: 10514n, serverId: 1n, keyId: 9n },
          cipherValue: new Uint8Array([1, 2, 3]),
        }),
      ],
      workInProgress: [],
      errors: [buildSymkeyError(requestId, { domainId: 10514n, serverId: 0n, keyId: 0n }, 'SKS-100001', 'x')],
    });
    const sink = new PayloadCanonicalizer('env');
    expect(writeXmlWithCanonical(payload, sink)).toBe(writeXml(payload));
    expect(sink.refused).toBe(false);
  });
});
