/**
 * Signature-wrapping variants beyond protocol/testkit/attacks/xsw-fixtures.ts. Each test names
 * the attack; each message is cryptographically valid for a naive verifier (the fixture signer
 * digests whatever element a naive Id lookup finds), so only the profile's positional checks can
 * refuse it. Finding H23-3 (low) is the whitespace-padded Id; the rest prove existing defences.
 */
import { describe, expect, it } from 'vitest';
import { timestampXml } from '../../protocol/testkit/attacks/forge.ts';
import { ENVELOPE_NS, WSU_NS } from '../../protocol/wss/namespaces.ts';
import {
  ATTACKER_NS,
  EVIL_PAYLOAD,
  bodyOf,
  editSecurity,
  rejectionOf,
  replaceOnce,
  reviewContext,
  verifyWith,
} from './support.ts';

const c = reviewContext();
const later = (s: number): Date => new Date(c.now.getTime() + s * 1000);

/** Moves the signed Body into a header wrapper and puts `replacement` in its place. */
function wrapSignedBody(xml: string, replacement: string, wrapperAttributes = ''): string {
  const body = bodyOf(xml);
  const moved = replaceOnce(xml, body, replacement);
  return replaceOnce(
    moved,
    '<env:Header>',
    `<env:Header><att:W xmlns:att="${ATTACKER_NS}"${wrapperAttributes}>${body}</att:W>`,
  );
}

describe('wrapping: Body variants', () => {
  it('H23-3: a replacing Body whose wsu:Id differs from the signed one only by white space is a duplicate Id', () => {
    // A schema-aware resolver collapses xsd:ID white space and may resolve "#id-body" to the
    // replacing Body; ours resolves it to the wrapped one. Refuse the ambiguity outright.
    const xml = wrapSignedBody(c.signed(), `<env:Body wsu:Id=" id-body&#9;">${EVIL_PAYLOAD}</env:Body>`);
    expect(rejectionOf(xml)).toBe('WSS_DUPLICATE_ID');
  });

  it('H23-3: the same with the padded Id on the wrapped (signed) element and a clean Id on the new Body', () => {
    const signed = c.signed();
    const body = bodyOf(signed);
    const padded = replaceOnce(body, 'wsu:Id="id-body"', 'wsu:Id="id-body "');
    let xml = replaceOnce(signed, body, `<env:Body wsu:Id="id-body">${EVIL_PAYLOAD}</env:Body>`);
    xml = replaceOnce(xml, '<env:Header>', `<env:Header><att:W xmlns:att="${ATTACKER_NS}">${padded}</att:W>`);
    expect(rejectionOf(xml)).toBe('WSS_DUPLICATE_ID');
  });

  it('a signed SOAP 1.1 Body wrapped into a SOAP 1.2 envelope is not mistaken for the Body', () => {
    const signed = c.signed({ bodyAttributes: '' });
    // The attacker signs (naively) a SOAP 1.1 Body carrying the Id inside a header wrapper.
    const template = c.template({
      bodyAttributes: '',
      headerBefore:
        `<att:W xmlns:att="${ATTACKER_NS}"><s11:Body xmlns:s11="http://schemas.xmlsoap.org/soap/envelope/" ` +
        `wsu:Id="id-body">${EVIL_PAYLOAD}</s11:Body></att:W>`,
    });
    expect(rejectionOf(c.forge(template))).toBe('WSS_UNEXPECTED_REFERENCE');
    expect(rejectionOf(signed)).toBe('WSS_REFERENCE_NOT_FOUND');
  });

  it('a SOAP 1.1 Body and the SOAP 1.2 Body sharing one wsu:Id is a duplicate Id', () => {
    const xml = wrapSignedBody(
      c.signed(),
      `<env:Body wsu:Id="id-body">${EVIL_PAYLOAD}</env:Body>`,
      ' xmlns:s11="http://schemas.xmlsoap.org/soap/envelope/"',
    )
      .replace(/<att:W([^>]*)><env:Body/, '<att:W$1><s11:Body')
      .replace(/<\/env:Body><\/att:W>/, '</s11:Body></att:W>');
    expect(xml).toContain('<s11:Body wsu:Id="id-body">');
    expect(rejectionOf(xml)).toBe('WSS_DUPLICATE_ID');
  });

  it('a second env:Body written directly as a header block is refused as a wrapped Body', () => {
    const signed = c.signed();
    const body = bodyOf(signed);
    let xml = replaceOnce(signed, body, `<env:Body>${EVIL_PAYLOAD}</env:Body>`);
    xml = replaceOnce(xml, '<env:Header>', `<env:Header>${body}`);
    expect(rejectionOf(xml)).toBe('WSS_WRAPPED_BODY');
  });

  it('the Body Id under a prefix re-bound to a foreign namespace is not a wsu:Id', () => {
    expect(rejectionOf(c.signed({ bodyAttributes: 'xmlns:wsu="urn:evil" wsu:Id="id-body"' }))).toBe(
      'WSS_REFERENCE_NOT_FOUND',
    );
  });

  it('a wsu:Id written with another prefix bound to the wsu namespace is the same attribute (accepted)', () => {
    const verified = verifyWith(c.signed({ bodyAttributes: `xmlns:u="${WSU_NS}" u:Id="id-body"` }));
    expect(verified.body.attributes[0]?.namespaceURI).toBe(WSU_NS);
  });

  it('xml:id, ID and an unprefixed id carrying the Body Id value are duplicates', () => {
    for (const attribute of ['xml:id="id-body"', 'ID="id-body"', 'id="id-body"', 'att:iD="id-body"'])
      expect(
        rejectionOf(c.signed({ headerAfter: `<att:I xmlns:att="${ATTACKER_NS}" ${attribute}/>` })),
        attribute,
      ).toBe('WSS_DUPLICATE_ID');
  });

  it('xml:base on the signed Body changes nothing a bare-name reference resolves (accepted, same node)', () => {
    const verified = verifyWith(
      c.signed({ bodyAttributes: 'wsu:Id="id-body" xml:base="http://evil.example/"' }),
    );
    expect(verified.payload.localName).toBe('SymkeyRequest');
  });
});

describe('wrapping: Reference URI spellings', () => {
  it.each([
    ['percent-encoded', '#id%2Dbody'],
    ['trailing space', '#id-body '],
    ['leading space', ' #id-body'],
    ['tab (normalized to a space by the parser)', '#id-body\t'],
    ['double hash', '##id-body'],
    ['fragment with a query', '?x#id-body'],
    ['bare-name XPointer', '#xpointer(id("id-body"))'],
  ])('%s is not a bare name', (_name, uri) => {
    expect(rejectionOf(c.forge(c.template({ references: [{ uri }, { uri: '#id-ts' }] })))).toBe(
      'WSS_BAD_REFERENCE_URI',
    );
  });

  it('a URI written with character references is the same bare name (accepted)', () => {
    const template = c.template().replace('URI="#id-body"', 'URI="&#x23;id&#x2D;body"');
    expect(rejectionOf(c.forge(template))).toBe('ACCEPTED');
  });

  it('Ids are case-sensitive: #ID-BODY does not find id-body', () => {
    expect(rejectionOf(c.forge(c.template({ references: [{ uri: '#ID-BODY' }, { uri: '#id-ts' }] })))).toBe(
      'WSS_REFERENCE_NOT_FOUND',
    );
  });
});

describe('wrapping: Timestamp and Signature placement', () => {
  it('a signed Timestamp in another header block, with an unsigned one in Security', () => {
    const outside = `<att:H xmlns:att="${ATTACKER_NS}">${timestampXml(c.now, later(300))}</att:H>`;
    const template = editSecurity(
      c.template({ headerBefore: outside }),
      'wsu:Id="id-ts"',
      'wsu:Id="id-inner"',
    );
    expect(rejectionOf(c.forge(template))).toBe('WSS_WRAPPED_TIMESTAMP');
  });

  it('a signed Timestamp placed in the Body next to the payload', () => {
    const template = editSecurity(
      c.template({ payload: `${EVIL_PAYLOAD}` }),
      'wsu:Id="id-ts"',
      'wsu:Id="id-inner"',
    ).replace('</env:Body>', `${timestampXml(c.now, later(300))}</env:Body>`);
    // Two Body children are already a SOAP binding violation for this profile.
    expect(rejectionOf(c.forge(template))).toBe('WSS_NOT_AN_ENVELOPE');
  });

  it('two Timestamps in Security (a stale signed one and a fresh unsigned one)', () => {
    const template = c.template({ securityExtra: timestampXml(c.now, later(300), 'id-ts2') });
    expect(rejectionOf(c.forge(template))).toBe('WSS_MULTIPLE_TIMESTAMPS');
  });

  it('the only ds:Signature moved inside the Body payload', () => {
    const signed = c.signed();
    const signature = /<ds:Signature>[\s\S]*<\/ds:Signature>/.exec(signed)?.[0] as string;
    let xml = replaceOnce(signed, signature, '');
    xml = replaceOnce(xml, '</ekmi:SymkeyRequest>', `${signature}</ekmi:SymkeyRequest>`);
    expect(rejectionOf(xml)).toBe('WSS_MULTIPLE_SIGNATURES');
  });

  it('a Security header for SOAP 1.2 role none, and SOAP 1.1 actor next', () => {
    const none = 'env:mustUnderstand="true" env:role="http://www.w3.org/2003/05/soap-envelope/role/none"';
    expect(rejectionOf(c.signed({ securityAttributes: none }))).toBe('WSS_SECURITY_ROLE');
    const next = 'soap:mustUnderstand="1" soap:actor="http://schemas.xmlsoap.org/soap/actor/next"';
    expect(rejectionOf(c.signed({ version: '1.1', securityAttributes: next }))).toBe('WSS_SECURITY_ROLE');
  });

  it('a second Security header for another role next to ours', () => {
    const other = `<wsse:Security env:role="urn:other" xmlns:wsse2="${ENVELOPE_NS['1.2']}"/>`;
    expect(rejectionOf(c.signed({ headerAfter: other }))).toBe('WSS_MULTIPLE_SECURITY');
  });
});
