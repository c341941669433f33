/**
 * Canonicalization differentials: does the verifier digest exactly what the application later
 * reads? Each test changes the signed Body in a way the XML layer may or may not see, and checks
 * that either the digest breaks or the application reads the same value. Finding H23-4 (the
 * namespace of a QName written as text, e.g. a signed fault's subcode, was outside the digest) is
 * closed by the signer (protocol/wss/sign.ts, SKSML-WSS-30): the Body reference's PrefixList names
 * the prefixes such text uses.
 */
import { describe, expect, it } from 'vitest';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { parseSksmlMessage } from '../../protocol/model/parse/parse-message.ts';
import { buildFault } from '../../protocol/soap/build-fault.ts';
import { parseEnvelope } from '../../protocol/soap/envelope.ts';
import { parseFault } from '../../protocol/soap/parse-fault.ts';
import { signEnvelope } from '../../protocol/wss/sign.ts';
import { WSSE_NS } from '../../protocol/wss/namespaces.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { ATTACKER_NS, rejectionOf, replaceOnce, reviewContext, verifyWith } from './support.ts';

const c = reviewContext();
const EKMI = 'http://docs.oasis-open.org/ekmi/2008/01';
const KEY_ID = '10514-0-0';

/** The GlobalKeyIDs the application reads from a message the verifier accepted. */
function keyIdsRead(xml: string): readonly string[] {
  const verified = verifyWith(xml);
  const parsed = parseSksmlMessage(verified.payload);
  if (parsed.type !== 'SymkeyRequest' || parsed.message.kind !== 'keys') throw new Error('not a key request');
  return parsed.message.globalKeyIds.map(formatGlobalKeyID);
}

describe('text the digest ignores is text the application ignores', () => {
  it('a comment inserted into signed text (CVE-2017-11427 style truncation) changes nothing read', () => {
    const xml = replaceOnce(c.signed(), KEY_ID, '10514<!--x-->-0-0');
    expect(keyIdsRead(xml)).toEqual([KEY_ID]);
  });

  it('CDATA sections and character references are the same characters for digest and reader', () => {
    const cdata = replaceOnce(c.signed(), KEY_ID, '<![CDATA[10514]]>-0-&#x30;');
    expect(keyIdsRead(cdata)).toEqual([KEY_ID]);
  });

  it('CR LF in signed text is normalized before digest and reading alike', () => {
    const signed = c.signed({
      payload: `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}"><ekmi:GlobalKeyID>${KEY_ID}</ekmi:GlobalKeyID>\n</ekmi:SymkeyRequest>`,
    });
    expect(rejectionOf(signed.replace('</ekmi:GlobalKeyID>\n', '</ekmi:GlobalKeyID>\r\n'))).toBe('ACCEPTED');
    // A character reference survives normalization, so it is a different (unsigned) character.
    expect(rejectionOf(signed.replace('</ekmi:GlobalKeyID>\n', '</ekmi:GlobalKeyID>&#13;\n'))).toBe(
      'WSS_DIGEST_MISMATCH',
    );
  });

  it('a literal newline and &#10; in a signed attribute are different values', () => {
    const payload = `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}" xmlns:att="${ATTACKER_NS}" att:note="a&#10;b"><ekmi:GlobalKeyID>${KEY_ID}</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`;
    const signed = c.signed({ payload });
    expect(rejectionOf(signed)).toBe('ACCEPTED');
    expect(rejectionOf(signed.replace('a&#10;b', 'a\nb'))).toBe('WSS_DIGEST_MISMATCH');
    expect(rejectionOf(signed.replace('a&#10;b', 'a&#xA;b'))).toBe('ACCEPTED');
  });
});

describe('namespace tricks inside and around the signed Body', () => {
  it('re-binding the payload prefix inside the signed subtree breaks the digest', () => {
    const xml = replaceOnce(c.signed(), '<ekmi:GlobalKeyID>', '<ekmi:GlobalKeyID xmlns:ekmi="urn:evil">');
    expect(rejectionOf(xml)).toBe('WSS_DIGEST_MISMATCH');
  });

  it('the same expanded names written with a default namespace instead of a prefix break the digest', () => {
    const xml = replaceOnce(
      c.signed(),
      /<ekmi:SymkeyRequest[\s\S]*<\/ekmi:SymkeyRequest>/,
      `<SymkeyRequest xmlns="${EKMI}"><GlobalKeyID>${KEY_ID}</GlobalKeyID></SymkeyRequest>`,
    );
    expect(rejectionOf(xml)).toBe('WSS_DIGEST_MISMATCH');
  });

  it('an attribute prefix declared OUTSIDE the Body is rendered into the digest (re-binding it is caught)', () => {
    const template = replaceOnce(
      c.template({
        payload: `<ekmi:SymkeyRequest xmlns:ekmi="${EKMI}" att:flag="1"><ekmi:GlobalKeyID>${KEY_ID}</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`,
      }),
      '<env:Envelope ',
      `<env:Envelope xmlns:att="${ATTACKER_NS}" `,
    );
    const signed = c.forge(template);
    expect(rejectionOf(signed)).toBe('ACCEPTED');
    expect(rejectionOf(signed.replace(`xmlns:att="${ATTACKER_NS}"`, 'xmlns:att="urn:evil"'))).toBe(
      'WSS_DIGEST_MISMATCH',
    );
  });

  it('an unused namespace declaration added inside the Body is ignored by digest and reader alike', () => {
    const xml = replaceOnce(c.signed(), '<ekmi:GlobalKeyID>', '<ekmi:GlobalKeyID xmlns:junk="urn:junk">');
    expect(keyIdsRead(xml)).toEqual([KEY_ID]);
  });

  // H23-4 (low/medium, closed): exclusive c14n renders only VISIBLY UTILIZED namespaces, so the
  // binding of a prefix used only inside text — the QName of a SOAP fault subcode — was not covered
  // by the Body digest: a man in the middle re-bound it and the client still reported the fault as
  // signed, with a subcode the server never sent. The signer now names every prefix declared inside
  // the Body, and every QName prefix of Body text, in the Body reference's InclusiveNamespaces
  // PrefixList (SKSML-WSS-30), so the re-binding breaks the digest.
  it('H23-4: the namespace of a signed fault subcode QName cannot be changed in transit', () => {
    for (const version of ['1.2', '1.1'] as const) {
      const fault = buildFault({
        version,
        code: 'Sender',
        subcode: { namespace: EKMI, localName: 'PermissionDenied', prefix: 'ekmi' },
        reason: 'denied',
      });
      const signed = signEnvelope({
        envelopeXml: fault,
        certificate: c.signer.certificate,
        privateKey: c.signer.privateKey,
        now: c.now,
      });
      expect(rejectionOf(signed), version).toBe('ACCEPTED');
      const tampered = replaceOnce(signed, `xmlns:ekmi="${EKMI}"`, `xmlns:ekmi="${WSSE_NS}"`);
      // The tampering changes what a reader sees (the subcode moves into the WSS namespace) ...
      const subcodes = parseFault(parseEnvelope(parseXml(tampered))).subcodes;
      expect(
        subcodes.some((s) => s.namespace === WSSE_NS),
        version,
      ).toBe(true);
      // ... and the verifier no longer accepts the message.
      expect(rejectionOf(tampered), version).toBe('WSS_DIGEST_MISMATCH');
    }
  });
});
