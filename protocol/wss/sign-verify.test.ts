import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { SignedXml } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { createTestPki } from '../testkit/pki.ts';
import { canonicalize } from '../xml/c14n.ts';
import { parseXml } from '../xml/intake.ts';
import { childElements, findAttribute, type XmlElement } from '../xml/tree.ts';
import { RSA_SHA1 } from './algorithms.ts';
import { DS_NS, SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, WSSE_NS, WSU_NS } from './namespaces.ts';
import { createReplayCache } from './replay-cache.ts';
import { createEnvelopeSigner, signEnvelope } from './sign.ts';
import { verifyEnvelope } from './verify.ts';
import { WssError, WssSigningError } from './wss-error.ts';

const pki = createTestPki();
const client = pki.clients[0]!;
const credentials = { certificate: client.certificate, privateKey: client.privateKey };
const anchors = { trustAnchors: pki.trustAnchors };
const PAYLOAD =
  '<ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"><ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID></ekmi:SymkeyRequest>';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof WssError) return e.code;
    throw e;
  }
  return 'ACCEPTED';
}

function find(root: XmlElement, ns: string, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement): void => {
    if (e.namespaceURI === ns && e.localName === local) out.push(e);
    childElements(e).forEach(visit);
  };
  visit(root);
  return out;
}

describe('signEnvelope', () => {
  it('wraps a bare message in a SOAP 1.2 envelope with exactly the profile header', () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials });
    const root = parseXml(xml).root;
    expect(root.namespaceURI).toBe(SOAP12_ENVELOPE_NS);
    const [security, ...more] = find(root, WSSE_NS, 'Security');
    expect(more).toHaveLength(0);
    expect(findAttribute(security!, SOAP12_ENVELOPE_NS, 'mustUnderstand')?.value).toBe('true');
    expect(childElements(security!).map((e) => e.localName)).toEqual([
      'Timestamp',
      'BinarySecurityToken',
      'Signature',
    ]);
    const refs = find(root, DS_NS, 'Reference').map((r) => findAttribute(r, null, 'URI')?.value);
    const body = find(root, SOAP12_ENVELOPE_NS, 'Body')[0]!;
    const ts = find(root, WSU_NS, 'Timestamp')[0]!;
    expect(refs).toEqual([
      `#${findAttribute(body, WSU_NS, 'Id')?.value}`,
      `#${findAttribute(ts, WSU_NS, 'Id')?.value}`,
    ]);
  });

  it('writes SOAP 1.1 with mustUnderstand="1" and verifies', () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, version: '1.1', ...credentials });
    const root = parseXml(xml).root;
    expect(root.namespaceURI).toBe(SOAP11_ENVELOPE_NS);
    expect(
      findAttribute(find(root, WSSE_NS, 'Security')[0]!, SOAP11_ENVELOPE_NS, 'mustUnderstand')?.value,
    ).toBe('1');
    expect(verifyEnvelope(xml, anchors).soapVersion).toBe('1.1');
  });

  it('signs an existing envelope, keeping its header blocks and prefixes', () => {
    const envelope =
      `<s:Envelope xmlns:s="${SOAP12_ENVELOPE_NS}" xmlns:x="urn:x"><s:Header><x:Trace>1</x:Trace></s:Header>` +
      `<s:Body>${PAYLOAD}</s:Body></s:Envelope>`;
    const xml = signEnvelope({ envelopeXml: envelope, ...credentials });
    expect(xml).toContain('<x:Trace>1</x:Trace>');
    const verified = verifyEnvelope(xml, anchors);
    expect(canonicalize(verified.payload)).toBe(canonicalize(parseXml(PAYLOAD).root));
  });

  it('signs an envelope that uses a default namespace and no Header', () => {
    const envelope = `<Envelope xmlns="${SOAP12_ENVELOPE_NS}"><Body>${PAYLOAD}</Body></Envelope>`;
    const verified = verifyEnvelope(signEnvelope({ envelopeXml: envelope, ...credentials }), anchors);
    expect(verified.payload.localName).toBe('SymkeyRequest');
  });

  it('keeps the payload meaning when the payload reuses the wsu/ds prefixes for other namespaces', () => {
    const payload = '<wsu:Odd xmlns:wsu="urn:not-wsu"><ds:Inner xmlns:ds="urn:not-ds" ds:a="1"/></wsu:Odd>';
    const verified = verifyEnvelope(signEnvelope({ payloadXml: payload, ...credentials }), anchors);
    expect(verified.payload.namespaceURI).toBe('urn:not-wsu');
    expect(canonicalize(verified.payload)).toBe(canonicalize(parseXml(payload).root));
  });

  it('refuses an envelope that is already signed, bad keys and bad lifetimes', () => {
    const signed = signEnvelope({ payloadXml: PAYLOAD, ...credentials });
    const codeOfSign = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        if (e instanceof WssSigningError) return e.code;
        throw e;
      }
      return 'SIGNED';
    };
    expect(codeOfSign(() => signEnvelope({ envelopeXml: signed, ...credentials }))).toBe(
      'WSS_SIGN_ALREADY_SIGNED',
    );
    expect(
      codeOfSign(() =>
        signEnvelope({
          payloadXml: PAYLOAD,
          certificate: client.certificate,
          privateKey: pki.server.privateKey,
        }),
      ),
    ).toBe('WSS_SIGN_BAD_CREDENTIALS');
    expect(
      codeOfSign(() => signEnvelope({ payloadXml: PAYLOAD, ...credentials, lifetimeSeconds: 301 })),
    ).toBe('WSS_SIGN_BAD_LIFETIME');
    expect(codeOfSign(() => signEnvelope({ payloadXml: '<a>', ...credentials }))).toBe('WSS_SIGN_BAD_INPUT');
    expect(codeOfSign(() => signEnvelope({ payloadXml: PAYLOAD, envelopeXml: signed, ...credentials }))).toBe(
      'WSS_SIGN_BAD_INPUT',
    );
  });

  it('accepts PEM credentials and a prepared signer', () => {
    const pem = { certificate: client.certificatePem, privateKey: client.privateKeyPem };
    expect(verifyEnvelope(signEnvelope({ payloadXml: PAYLOAD, ...pem }), anchors).certificate.raw).toEqual(
      client.certificate.raw,
    );
    const signer = createEnvelopeSigner(credentials);
    expect(verifyEnvelope(signer({ payloadXml: PAYLOAD }), anchors).payload.localName).toBe('SymkeyRequest');
  });
});

describe('verifyEnvelope', () => {
  it('returns the verified Body node, payload, timestamp, certificate and signature value', () => {
    const now = new Date(pki.now.getTime() + 1000);
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials, now, lifetimeSeconds: 120 });
    const doc = parseXml(xml);
    const v = verifyEnvelope(doc, { ...anchors, now });
    const body = childElements(doc.root)[1]!;
    expect(v.body).toBe(body);
    expect(v.payload).toBe(childElements(body)[0]);
    expect(v.timestamp.created.getTime()).toBe(now.getTime());
    expect(v.timestamp.expires.getTime()).toBe(now.getTime() + 120_000);
    expect(v.certificate.raw).toEqual(client.certificate.raw);
    expect(xml).toContain(v.signatureValue);
  });

  it('tolerates clock skew up to maxSkewSeconds and no more', () => {
    const created = new Date(pki.now.getTime() + 10_000);
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials, now: created });
    const at = (ms: number): Date => new Date(created.getTime() + ms);
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, now: at(-299_000) }))).toBe('ACCEPTED');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, now: at(-301_000) }))).toBe(
      'WSS_CREATED_IN_FUTURE',
    );
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, now: at(599_000) }))).toBe('ACCEPTED');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, now: at(600_000) }))).toBe('WSS_EXPIRED');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, now: at(400_000), maxSkewSeconds: 60 }))).toBe(
      'WSS_EXPIRED',
    );
  });

  it('detects replays with a cache, and only for verified messages', () => {
    const cache = createReplayCache();
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials });
    const tampered = xml.replace('10514-0-0', '10514-0-1');
    expect(codeOf(() => verifyEnvelope(tampered, { ...anchors, replayCache: cache }))).toBe(
      'WSS_DIGEST_MISMATCH',
    );
    expect(cache.size).toBe(0);
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, replayCache: cache }))).toBe('ACCEPTED');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, replayCache: cache }))).toBe('WSS_REPLAY');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, replayCache: createReplayCache() }))).toBe(
      'ACCEPTED',
    );
  });

  it('accepts RSA-SHA1 only behind the legacy switch', () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials, algorithm: RSA_SHA1 });
    expect(codeOf(() => verifyEnvelope(xml, anchors))).toBe('WSS_UNSUPPORTED_ALGORITHM');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, allowRsaSha1: true }))).toBe('ACCEPTED');
  });

  it('pins an expected certificate', () => {
    const xml = signEnvelope({
      payloadXml: PAYLOAD,
      certificate: pki.server.certificate,
      privateKey: pki.server.privateKey,
    });
    expect(
      codeOf(() => verifyEnvelope(xml, { ...anchors, expectedCertificate: pki.server.certificate })),
    ).toBe('ACCEPTED');
    expect(codeOf(() => verifyEnvelope(xml, { ...anchors, expectedCertificate: client.certificate }))).toBe(
      'WSS_UNEXPECTED_CERTIFICATE',
    );
  });

  it('treats nonsensical options as programming errors, never as a lenient check', () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials });
    expect(() => verifyEnvelope(xml, { ...anchors, now: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => verifyEnvelope(xml, { ...anchors, maxSkewSeconds: Number.NaN })).toThrow(RangeError);
    expect(() => verifyEnvelope(xml, { ...anchors, maxLifetimeSeconds: -1 })).toThrow(RangeError);
  });

  it('refuses signatures when no trust anchor is configured', () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials });
    expect(codeOf(() => verifyEnvelope(xml, { trustAnchors: [] }))).toBe('WSS_UNTRUSTED_CERTIFICATE');
  });

  it('accepts base64 with line breaks (as xmlsec writes it) and surrounding white space', () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials }).replace(
      /<ds:SignatureValue>([^<]{64})([^<]{64})/,
      '<ds:SignatureValue>\n$1\n$2',
    );
    expect(codeOf(() => verifyEnvelope(xml, anchors))).toBe('ACCEPTED');
  });

  it('property: any payload text survives sign/verify, and a changed payload is detected', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\uFFFE\uFFFF]/.test(s));
    fc.assert(
      fc.property(text, fc.constantFrom<'1.1' | '1.2'>('1.1', '1.2'), (value, version) => {
        const escaped = value
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/\r/g, '&#xD;');
        const payload = `<p:M xmlns:p="urn:p" a="${escaped.replace(/"/g, '&quot;')}">${escaped}</p:M>`;
        let input;
        try {
          input = parseXml(payload).root;
        } catch {
          return; // characters XML cannot carry
        }
        const xml = signEnvelope({ payloadXml: payload, version, ...credentials });
        const v = verifyEnvelope(xml, anchors);
        expect(canonicalize(v.payload)).toBe(canonicalize(input));
        const changed = xml.replace('<p:M xmlns:p="urn:p"', '<p:M xmlns:p="urn:p" extra="1"');
        expect(codeOf(() => verifyEnvelope(changed, anchors))).toBe('WSS_DIGEST_MISMATCH');
      }),
      { numRuns: 60 },
    );
  });
});

describe('cross-check with xml-crypto 6 (an independent implementation)', () => {
  it("xml-crypto's verifier accepts our signature when given the signer certificate", () => {
    const xml = signEnvelope({ payloadXml: PAYLOAD, ...credentials });
    const dom = new DOMParser().parseFromString(xml, 'text/xml');
    const signature = dom.getElementsByTagNameNS(DS_NS, 'Signature')[0]!;
    const sig = new SignedXml({ publicCert: client.certificatePem, idMode: 'wssecurity' });
    sig.getCertFromKeyInfo = () => null;
    sig.loadSignature(signature);
    expect(sig.checkSignature(xml)).toBe(true);
    const tampered = xml.replace('10514-0-0', '10514-0-1');
    const sig2 = new SignedXml({ publicCert: client.certificatePem, idMode: 'wssecurity' });
    sig2.getCertFromKeyInfo = () => null;
    sig2.loadSignature(signature);
    let accepted: boolean;
    try {
      accepted = sig2.checkSignature(tampered);
    } catch {
      accepted = false;
    }
    expect(accepted).toBe(false);
  });
});
