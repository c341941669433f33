import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSymkeyResponse } from '../model/serialize/serialize-messages.ts';
import { SKSML_NS } from '../model/namespaces.ts';
import { buildSymkey, buildSymkeyError } from '../testkit/builders.ts';
import { createTestPki } from '../testkit/pki.ts';
import { canonicalize } from '../xml/c14n.ts';
import { parseXml } from '../xml/intake.ts';
import { rawElementArb, writerElementArb } from '../xml/test-support/writer-arbitraries.ts';
import type { XmlElement } from '../xml/tree.ts';
import { element, textElement, writeXml, type WriterElement } from '../xml/writer.ts';
import { RSA_SHA1, RSA_SHA256 } from './algorithms.ts';
import { createEnvelopeSigner, signedInfoTree, timestampTree, type SignerIdKind } from './sign.ts';
import { signedInfoText, timestampText } from './signer-text.ts';
import { createReferenceEnvelopeSigner } from './test-support/sign-reference.ts';
import { verifyEnvelope } from './verify.ts';
import { WssSigningError } from './wss-error.ts';

const pki = createTestPki();
const server = pki.servers[0]!;
const credentials = { certificate: server.certificate, privateKey: server.privateKey };

/** The same Id sequence for both signers: each call asks for body, ts, x509 in that order. */
function fixedIds(): (kind: SignerIdKind) => string {
  let n = 0;
  return (kind) => `${kind}-${++n}`;
}

function outcome(fn: () => string): { text: string } | { error: string } {
  try {
    return { text: fn() };
  } catch (e) {
    const err = e as { code?: unknown };
    if (typeof err.code !== 'string') throw e;
    return { error: err.code };
  }
}

/** Raw subtrees that reuse the envelope's and the header's prefixes, for the scope rules. */
const awkwardRawTexts = [
  '<wsu:x xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="raw-1"/>',
  '<env:y xmlns:env="urn:other"><env:z/></env:y>',
  '<env:y xmlns:env="http://www.w3.org/2003/05/soap-envelope">env:Sender</env:y>',
  '<q xmlns="urn:d" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Q/>ds:Q</q>',
  '<soap:f xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01">ekmi:X</soap:f>',
];
const awkwardRaw = fc.constantFrom(...awkwardRawTexts);
const payloadArb: fc.Arbitrary<WriterElement> = fc.oneof(
  writerElementArb,
  fc
    .tuple(
      fc.array(
        fc.oneof(
          rawElementArb,
          awkwardRaw.map((t) => parseXml(t).root),
        ),
        { maxLength: 3 },
      ),
      fc.boolean(),
    )
    .map(([raws, text]) => element(SKSML_NS, 'SymkeyResponse', [...raws, text ? 'a&b' : ''])),
);

/** A SymkeyResponse shaped like the server's (the hot path's payload): a Symkey and an error. */
function symkeyResponse(cipher: Uint8Array): WriterElement {
  const requestId = { domainId: 10514n, serverId: 1n, requestId: 7n };
  return buildSymkeyResponse({
    symkeys: [
      buildSymkey({
        symkeyRequestId: requestId,
        globalKeyId: { domainId: 10514n, serverId: 1n, keyId: 9n },
        cipherValue: cipher,
      }),
    ],
    workInProgress: [],
    errors: [
      buildSymkeyError(
        requestId,
        { domainId: 10514n, serverId: 0n, keyId: 0n },
        'SKS-100001',
        'no <key> & "more"',
      ),
    ],
  });
}

describe('the tree entry of the signer (payload) against the previous signer', () => {
  const now = new Date('2026-11-28T12:00:00.000Z');

  it('produces the byte-identical envelope, or the same error (property)', () => {
    fc.assert(
      fc.property(
        payloadArb,
        fc.constantFrom('1.1' as const, '1.2' as const),
        fc.integer({ min: 1, max: 300 }),
        (payload, version, lifetimeSeconds) => {
          const sign = createEnvelopeSigner(credentials, { newId: fixedIds() });
          const reference = createReferenceEnvelopeSigner(credentials, fixedIds());
          const expected = outcome(() =>
            reference({ payloadXml: writeXml(payload), version, now, lifetimeSeconds }),
          );
          expect(outcome(() => sign({ payload, version, now, lifetimeSeconds }))).toEqual(expected);
          // The text entry (payloadXml) takes the new header path too.
          if ('text' in expected) {
            const fromText = createEnvelopeSigner(credentials, { newId: fixedIds() });
            expect(fromText({ payloadXml: writeXml(payload), version, now, lifetimeSeconds })).toBe(
              expected.text,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('signs existing envelopes byte-identically too (property)', () => {
    const envelopeArb = fc
      .tuple(
        payloadArb,
        fc.constantFrom(
          [
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><h xmlns="urn:h"/></soap:Header><soap:Body>',
            '</soap:Body></soap:Envelope>',
          ],
          ['<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body>', '</Body></Envelope>'],
          [
            '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"> <e:Body xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="given">',
            '</e:Body><!--after--></e:Envelope>',
          ],
        ),
      )
      .filter(([payload]) => 'text' in outcome(() => writeXml(payload)))
      .map(([payload, [open, close]]) => open + writeXml(payload) + close);
    fc.assert(
      fc.property(envelopeArb, (envelopeXml) => {
        const sign = createEnvelopeSigner(credentials, { newId: fixedIds() });
        const reference = createReferenceEnvelopeSigner(credentials, fixedIds());
        expect(outcome(() => sign({ envelopeXml, now }))).toEqual(
          outcome(() => reference({ envelopeXml, now })),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('signs a server-shaped response that verifies, with the same bytes as before', () => {
    const payload = symkeyResponse(new Uint8Array([1, 2, 3, 250]));
    const signed = createEnvelopeSigner(credentials, { newId: fixedIds() })({ payload, now });
    expect(signed).toBe(
      createReferenceEnvelopeSigner(credentials, fixedIds())({ payloadXml: writeXml(payload), now }),
    );
    const verified = verifyEnvelope(signed, { trustAnchors: pki.trustAnchors, now });
    expect(verified.payload.localName).toBe('SymkeyResponse');
    // A real signer (random Ids) verifies as well, and a changed byte in the Body is caught.
    const random = createEnvelopeSigner(credentials)({ payload });
    expect(verifyEnvelope(random, { trustAnchors: pki.trustAnchors }).payload.localName).toBe(
      'SymkeyResponse',
    );
    const tampered = random.replace('SKS-100001', 'SKS-100002');
    expect(() => verifyEnvelope(tampered, { trustAnchors: pki.trustAnchors })).toThrow();
  });

  it('writes the payload in the Body scope when it declares the envelope prefix or wsu itself', () => {
    // The payload's own text is reused only when the Body's bindings cannot change it: these
    // payloads declare env, soap or wsu (to the Body's namespace or another), at the top or deeper.
    const raws = [
      awkwardRawTexts[0] as string,
      awkwardRawTexts[1] as string,
      awkwardRawTexts[2] as string,
      '<soap:y xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">soap:Client</soap:y>',
    ];
    for (const raw of raws)
      for (const version of ['1.1', '1.2'] as const)
        for (const nested of [false, true]) {
          const inner = parseXml(raw).root;
          const payload = element(SKSML_NS, 'SymkeyResponse', [
            nested ? element(SKSML_NS, 'X', [inner]) : inner,
          ]);
          const sign = createEnvelopeSigner(credentials, { newId: fixedIds() });
          const reference = createReferenceEnvelopeSigner(credentials, fixedIds());
          expect(sign({ payload, version, now })).toBe(
            reference({ payloadXml: writeXml(payload), version, now }),
          );
        }
    // Written as a start-end pair around empty text, re-written as an empty-element tag.
    for (const payload of [
      element(SKSML_NS, 'SymkeyResponse', ['']),
      element(SKSML_NS, 'SymkeyResponse', [element(SKSML_NS, 'X', ['', '']), 'a']),
    ]) {
      const sign = createEnvelopeSigner(credentials, { newId: fixedIds() });
      const reference = createReferenceEnvelopeSigner(credentials, fixedIds());
      expect(sign({ payload, now })).toBe(reference({ payloadXml: writeXml(payload), now }));
    }
  });

  it('takes the text path when only the parser can decide, and fails as it did', () => {
    const tooDeep = Array.from({ length: 70 }).reduce<WriterElement>(
      (inner) => element(SKSML_NS, 'd', [inner]),
      textElement(SKSML_NS, 'd', 'x'),
    );
    const sign = createEnvelopeSigner(credentials);
    expect(outcome(() => sign({ payload: tooDeep }))).toEqual({ error: 'WSS_SIGN_BAD_INPUT' });
    expect(outcome(() => sign({ payload: element(null, 'r', ['\u0000']) }))).toEqual({
      error: 'XML_WRITE_INVALID_CHARACTER',
    });
  });

  it('takes exactly one input, and never reuses an Id the document has', () => {
    const sign = createEnvelopeSigner(credentials);
    const payload = element(SKSML_NS, 'X');
    expect(() => sign({ payload, payloadXml: writeXml(payload) })).toThrow(WssSigningError);
    expect(() => sign({})).toThrow(/exactly one/);
    const withId = parseXml(
      '<a xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="id-ts-1"/>',
    ).root;
    const hooked = createEnvelopeSigner(credentials, { newId: (kind) => `${kind}-1` });
    expect(() => hooked({ payload: element(null, 'r', [withId]) })).toThrow(/already in use/);
  });
});

describe('signer-text: the generated parts written directly', () => {
  const idArb = fc.oneof(
    fc.uuid().map((u) => `id-${u}`),
    fc.constantFrom('a&b', 'q"uote', 'tab\there', 'x<y>', 'é\u{1F511}'),
  );
  const prefixesArb = fc.uniqueArray(fc.constantFrom('#default', 'a', 'ekmi', 'ns2', 'xsi', 'é'), {
    maxLength: 4,
  });

  it('are the exc-c14n form of the same trees (property)', () => {
    fc.assert(
      fc.property(
        idArb,
        idArb,
        prefixesArb,
        fc.base64String({ minLength: 4, maxLength: 44 }),
        fc.constantFrom(RSA_SHA256, RSA_SHA1),
        (bodyId, tsId, prefixes, digest, algorithm) => {
          const timestamp = {
            id: tsId,
            created: '2026-11-28T12:00:00.000Z',
            expires: '2026-11-28T12:05:00.000Z',
          };
          expect(timestampText(timestamp, true)).toBe(canonicalize(timestampTree(timestamp)));
          const info = {
            algorithm,
            references: [
              { id: bodyId, digest, prefixes },
              { id: tsId, digest, prefixes: [] },
            ],
          };
          const tree: XmlElement = signedInfoTree(info);
          expect(signedInfoText(info, true)).toBe(canonicalize(tree));
          // Serialized inside a ds:Signature that declares ds: what the writer writes.
          const signature = writeXml({
            ...tree,
            namespaceDeclarations: [{ prefix: 'ds', uri: tree.namespaceURI! }],
          });
          expect(signature.replace(/^<ds:SignedInfo xmlns:ds="[^"]*">/, '<ds:SignedInfo>')).toBe(
            signedInfoText(info, false),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
