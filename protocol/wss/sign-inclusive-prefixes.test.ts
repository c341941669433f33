/**
 * SKSML-WSS-30: the Body reference's InclusiveNamespaces PrefixList (finding H23-4). Signed faults
 * round-trip in both SOAP versions, and re-binding any listed prefix breaks the Body digest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFault } from '../soap/build-fault.ts';
import { parseEnvelope } from '../soap/envelope.ts';
import { parseFault } from '../soap/parse-fault.ts';
import { createTestPki } from '../testkit/pki.ts';
import { parseXml } from '../xml/intake.ts';
import { childElements, findAttribute, type XmlElement } from '../xml/tree.ts';
import { DS_NS, EC_NS, SOAP12_ENVELOPE_NS, WSSE_NS } from './namespaces.ts';
import { createEnvelopeSigner } from './sign.ts';
import { findMissingBodyPrefixes } from './inclusive-prefixes.ts';
import { MAX_INCLUSIVE_PREFIXES } from './signature-element.ts';
import { verifyEnvelope } from './verify.ts';
import { WssError, WssSigningError } from './wss-error.ts';

const pki = createTestPki();
const client = pki.clients[0]!;
const sign = createEnvelopeSigner({ certificate: client.certificate, privateKey: client.privateKey });
const anchors = { trustAnchors: pki.trustAnchors };
const EKMI = 'http://docs.oasis-open.org/ekmi/2008/01';

function codeOf(xml: string): string {
  try {
    verifyEnvelope(xml, anchors);
  } catch (e) {
    if (e instanceof WssError) return e.code;
    throw e;
  }
  return 'ACCEPTED';
}

function signCode(input: Parameters<typeof sign>[0]): string {
  try {
    sign(input);
  } catch (e) {
    if (e instanceof WssSigningError) return e.code;
    throw e;
  }
  return 'SIGNED';
}

/** Replaces exactly one occurrence of `find` (the fixture is wrong otherwise). */
function replaceOnce(xml: string, find: string, replacement: string): string {
  const at = xml.indexOf(find);
  if (at < 0 || xml.indexOf(find, at + 1) >= 0) throw new Error(`fixture: ${find} is not unique`);
  return xml.slice(0, at) + replacement + xml.slice(at + find.length);
}

function find(root: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const e = stack.pop() as XmlElement;
    if (e.namespaceURI === ns && e.localName === local) out.push(e);
    stack.push(...childElements(e));
  }
  return out;
}

/** What SKSML-WSS-30 requires of the received message that its Body reference does not list. */
function missingOnTheWire(xml: string): string[] {
  const root = parseXml(xml).root;
  const body = childElements(root).at(-1)!;
  const list = (bodyPrefixList(xml) ?? '').split(' ').filter((p) => p !== '');
  return findMissingBodyPrefixes(body, [root], list);
}

/** The PrefixList of the Body reference, or null when its transform has no parameter. */
function bodyPrefixList(xml: string): string | null {
  const root = parseXml(xml).root;
  const body = find(root, SOAP12_ENVELOPE_NS, 'Body')[0] ?? childElements(root).at(-1)!;
  const bodyId = body.attributes.find((a) => a.localName === 'Id')!.value;
  const reference = find(root, DS_NS, 'Reference').find(
    (r) => findAttribute(r, null, 'URI')?.value === `#${bodyId}`,
  )!;
  const inclusive = find(reference, EC_NS, 'InclusiveNamespaces')[0];
  return inclusive === undefined ? null : (findAttribute(inclusive, null, 'PrefixList')?.value ?? '');
}

describe('signed SOAP faults (H23-4)', () => {
  for (const version of ['1.2', '1.1'] as const) {
    it(`SOAP ${version}: a signed fault verifies, and re-binding its subcode prefix breaks the digest`, () => {
      const fault = buildFault({
        version,
        code: 'Sender',
        subcode: { namespace: EKMI, localName: 'PermissionDenied', prefix: 'ekmi' },
        reason: 'denied',
      });
      const signed = sign({ envelopeXml: fault });
      expect(bodyPrefixList(signed)).toBe(version === '1.2' ? 'ekmi env' : 'ekmi');
      expect(missingOnTheWire(signed)).toEqual([]);
      const verified = verifyEnvelope(signed, anchors);
      expect(verified.soapVersion).toBe(version);
      expect(verified.payload.localName).toBe('Fault');
      const subcodes = parseFault(parseEnvelope(parseXml(signed))).subcodes;
      expect(subcodes.map((s) => s.namespace)).toContain(EKMI);

      const tampered = replaceOnce(signed, `xmlns:ekmi="${EKMI}"`, `xmlns:ekmi="${WSSE_NS}"`);
      expect(codeOf(tampered)).toBe('WSS_DIGEST_MISMATCH');
    });
  }

  it('a fault QName whose prefix is declared on the Envelope (outside the Body) is covered too', () => {
    const fault =
      `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}" xmlns:wf="${WSSE_NS}"><env:Body><env:Fault>` +
      `<env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>wf:FailedCheck</env:Value></env:Subcode></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">x</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`;
    const signed = sign({ envelopeXml: fault });
    expect(bodyPrefixList(signed)).toBe('env wf');
    expect(codeOf(signed)).toBe('ACCEPTED');
    expect(
      codeOf(replaceOnce(signed, `xmlns:wf="${WSSE_NS}"><env:Header>`, `xmlns:wf="urn:evil"><env:Header>`)),
    ).toBe('WSS_DIGEST_MISMATCH');
  });

  it('an unprefixed subcode (default namespace) is protected with #default', () => {
    const fault = buildFault({
      version: '1.2',
      code: 'Sender',
      subcode: { namespace: '', localName: 'Local' },
      reason: 'r',
    });
    const signed = sign({ envelopeXml: fault });
    expect(bodyPrefixList(signed)).toBe('#default env');
    expect(codeOf(signed)).toBe('ACCEPTED');
    const tampered = replaceOnce(
      signed,
      '<env:Value>Local</env:Value>',
      '<env:Value xmlns="urn:evil">Local</env:Value>',
    );
    expect(parseFault(parseEnvelope(parseXml(tampered))).subcodes[0]?.namespace).toBe('urn:evil');
    expect(codeOf(tampered)).toBe('WSS_DIGEST_MISMATCH');
  });
});

describe('the PrefixList the signer writes', () => {
  it('is absent when the Body needs none (an ordinary SKSML message), present when it does', () => {
    const request = `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;
    const envelope =
      `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}" xmlns:ekmi="${EKMI}"><env:Body>` +
      `<ekmi:SymkeyRequest><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest></env:Body></env:Envelope>`;
    for (const signed of [
      sign({ envelopeXml: envelope }),
      sign({ payloadXml: request }),
      sign({ payloadXml: request, version: '1.1' }),
    ]) {
      expect(signed).not.toContain('InclusiveNamespaces');
      expect(codeOf(signed)).toBe('ACCEPTED');
    }
    const typed = sign({ payloadXml: '<q:M xmlns:q="urn:q" xmlns:x="urn:x"><q:T>x:v</q:T></q:M>' });
    expect(bodyPrefixList(typed)).toBe('x');
    expect(codeOf(typed)).toBe('ACCEPTED');
    expect(codeOf(replaceOnce(typed, 'xmlns:x="urn:x"', 'xmlns:x="urn:y"'))).toBe('WSS_DIGEST_MISMATCH');
    // A peer that leaves the list out is caught by the wire check (the verifier cannot tell).
    expect(missingOnTheWire(typed)).toEqual([]);
    expect(missingOnTheWire(typed.replace(/<ec:InclusiveNamespaces[^>]*\/>/, ''))).toEqual(['x']);
  });

  it('lists wsu when Body content uses it as a QName prefix (bound only by the wsu:Id the signer adds)', () => {
    for (const payloadXml of [
      '<q:M xmlns:q="urn:q"><q:T>wsu:Foo</q:T></q:M>',
      '<q:M xmlns:q="urn:q"><q:T>wsu:Foo</q:T><q:U xmlns:wsu="urn:other">wsu:Bar</q:U></q:M>',
    ]) {
      const signed = sign({ payloadXml });
      expect(bodyPrefixList(signed)).toBe('wsu');
      expect(codeOf(signed)).toBe('ACCEPTED');
      expect(missingOnTheWire(signed)).toEqual([]);
      const rebound = replaceOnce(signed, '<q:T>wsu:Foo', '<q:T xmlns:wsu="urn:evil">wsu:Foo');
      expect(codeOf(rebound)).toBe('WSS_DIGEST_MISMATCH');
    }
  });

  it(`holds at most ${MAX_INCLUSIVE_PREFIXES} prefixes: the signer refuses a Body that needs more`, () => {
    const body = (n: number): string => {
      const declarations = Array.from({ length: n }, (_, i) => ` xmlns:p${i}="urn:p${i}"`).join('');
      return `<q:M xmlns:q="urn:q"><q:N${declarations}/></q:M>`;
    };
    const atLimit = sign({ payloadXml: body(MAX_INCLUSIVE_PREFIXES) });
    expect(bodyPrefixList(atLimit)?.split(' ')).toHaveLength(MAX_INCLUSIVE_PREFIXES);
    expect(codeOf(atLimit)).toBe('ACCEPTED');
    expect(signCode({ payloadXml: body(MAX_INCLUSIVE_PREFIXES + 1) })).toBe('WSS_SIGN_TOO_MANY_PREFIXES');
  });
});

describe('property: the listed prefixes are exactly the bindings the digest protects', () => {
  const prefix = fc.constantFrom('a', 'b', 'c', 'd');
  // urn:outer-a/-b equal the Envelope's bindings, so redundant re-declarations occur too.
  const uri = fc.constantFrom('urn:1', 'urn:2', 'urn:outer-a', 'urn:outer-b');
  const declaration = fc.oneof(
    fc.tuple(prefix, uri).map(([p, u]) => ` xmlns:${p}="${u}"`),
    uri.map((u) => ` xmlns="${u}"`),
  );
  const text = fc.oneof(
    fc.tuple(prefix, fc.constantFrom('x', 'y')).map(([p, l]) => `${p}:${l}`),
    fc.constantFrom('plain', 'two words', 'z:unbound', ''),
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc
        .tuple(fc.array(declaration, { maxLength: 1 }), text)
        .map(([decls, t]) => `<q:e${decls.join('')}>${t}</q:e>`),
      fc
        .tuple(fc.array(declaration, { maxLength: 1 }), fc.array(tie('tree'), { minLength: 1, maxLength: 3 }))
        .map(([decls, kids]) => `<q:e${decls.join('')}>${(kids as string[]).join('')}</q:e>`),
    ),
  }));

  it('sign/verify round-trips, and changing any listed binding (inside the Body or on the Envelope) breaks the digest', () => {
    fc.assert(
      fc.property(fc.uniqueArray(prefix, { maxLength: 3 }), tree, (outer, content) => {
        const declarations = outer.map((p) => ` xmlns:${p}="urn:outer-${p}"`).join('');
        const envelope =
          `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}"${declarations}><env:Body>` +
          `<q:root xmlns:q="urn:q">${content}</q:root></env:Body></env:Envelope>`;
        const signed = sign({ envelopeXml: envelope });
        expect(codeOf(signed)).toBe('ACCEPTED');
        // The rule, checked on the received text as a conformance check would, holds.
        expect(missingOnTheWire(signed)).toEqual([]);
        const listed = new Set((bodyPrefixList(signed) ?? '').split(' ').filter((p) => p !== ''));
        const bodyStart = signed.indexOf('<env:Body');
        const bodyText = signed.slice(bodyStart);

        // Changing any declaration written inside the Body is caught: those of a..d and the default
        // namespace (no element name uses them) through the list, wsu (the Body's wsu:Id) and q
        // (the element names) because c14n renders them anyway.
        const inside = [...bodyText.matchAll(/ xmlns(?::([a-z]+))?="([^"]*)"/g)];
        for (const m of inside) {
          const p = m[1] ?? '#default';
          expect(listed.has(p), p).toBe(p !== 'wsu' && p !== 'q');
          if (p === 'wsu') continue; // re-binding it unbinds the Body's wsu:Id (a different refusal)
          const at = bodyStart + (m.index ?? 0);
          const changed = `${signed.slice(0, at)}${m[0].replace(/="[^"]*"/, '="urn:evil"')}${signed.slice(at + m[0].length)}`;
          expect(codeOf(changed), `${p} at ${at}`).toBe('WSS_DIGEST_MISMATCH');
        }
        // A binding on the Envelope is listed exactly when the Body uses its prefix in a QName or
        // declares it (even redundantly), and it is protected exactly when listed.
        for (const p of outer) {
          const usedInText = new RegExp(`>\\s*${p}:[xy]\\s*<`).test(bodyText);
          const declared = content.includes(` xmlns:${p}=`);
          expect(listed.has(p), p).toBe(usedInText || declared);
          // In the Envelope's start tag only (the Body may declare the same binding again).
          const tagEnd = signed.indexOf('>') + 1;
          const changed =
            replaceOnce(signed.slice(0, tagEnd), ` xmlns:${p}="urn:outer-${p}"`, ` xmlns:${p}="urn:evil"`) +
            signed.slice(tagEnd);
          expect(codeOf(changed), p).toBe(listed.has(p) ? 'WSS_DIGEST_MISMATCH' : 'ACCEPTED');
        }
      }),
      { numRuns: 40 },
    );
  });
});
