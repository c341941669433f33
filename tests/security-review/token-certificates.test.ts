/**
 * Certificate handling of the BinarySecurityToken beyond the key fixtures: what else than exactly
 * one DER certificate can ride in the token, and which certificates earn trust. Every case here is
 * refused with the exact code; none needed a fix (see the report for H23-2, the cache).
 */
import { describe, expect, it } from 'vitest';
import { issueCertificate } from '../../protocol/testkit/pki.ts';
import { rejectionOf, reviewContext } from './support.ts';

const c = reviewContext();
const DAY = 86_400_000;

/** The signed template whose token carries `bytes` (base64) instead of the signer's DER. */
function withTokenBytes(bytes: Uint8Array): string {
  const der = c.signer.certificate.raw.toString('base64');
  const xml = c.signed();
  if (!xml.includes(der)) throw new Error('fixture: token not found');
  return xml.replace(der, Buffer.from(bytes).toString('base64'));
}

const leaf = (): Buffer => Buffer.from(c.signer.certificate.raw);

describe('BinarySecurityToken content', () => {
  it('a certificate chain (leaf DER followed by the CA DER) is not one certificate', () => {
    expect(rejectionOf(withTokenBytes(Buffer.concat([leaf(), c.pki.ca.certificate.raw])))).toBe(
      'WSS_MALFORMED_TOKEN',
    );
  });

  it('garbage after the DER certificate', () => {
    expect(rejectionOf(withTokenBytes(Buffer.concat([leaf(), Buffer.from([0, 0, 0, 1])])))).toBe(
      'WSS_MALFORMED_TOKEN',
    );
  });

  it('PEM text instead of DER (node:crypto would parse it)', () => {
    const pem = c.signer.certificate.toString();
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    expect(rejectionOf(withTokenBytes(Buffer.from(pem, 'utf8')))).toBe('WSS_MALFORMED_TOKEN');
  });

  it('BER: the outer SEQUENCE length in a non-minimal long form', () => {
    const der = leaf();
    expect(der[0]).toBe(0x30);
    expect(der[1]).toBe(0x82);
    const ber = Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]);
    expect(rejectionOf(withTokenBytes(ber))).toBe('WSS_MALFORMED_TOKEN');
  });

  it('BER: the TBSCertificate length in a non-minimal long form (signature bytes unchanged)', () => {
    const der = leaf();
    expect(der[4]).toBe(0x30);
    expect(der[5]).toBe(0x82);
    const outer = der.readUInt16BE(2) + 1;
    const ber = Buffer.concat([
      Buffer.from([0x30, 0x82, outer >> 8, outer & 0xff, 0x30, 0x83, 0x00]),
      der.subarray(6),
    ]);
    expect(rejectionOf(withTokenBytes(ber))).toBe('WSS_MALFORMED_TOKEN');
  });

  it('BER: indefinite length with an end-of-contents marker', () => {
    const der = leaf();
    const ber = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(4), Buffer.from([0, 0])]);
    expect(rejectionOf(withTokenBytes(ber))).toBe('WSS_MALFORMED_TOKEN');
  });

  it('an empty token, a token of white space only, and a comment inside the token', () => {
    // Token content problems are all "not one DER certificate" (InvalidSecurityToken).
    const der = c.signer.certificate.raw.toString('base64');
    expect(rejectionOf(c.signed().replace(der, ''))).toBe('WSS_MALFORMED_TOKEN');
    expect(rejectionOf(c.signed().replace(der, ' \n\t '))).toBe('WSS_MALFORMED_TOKEN');
    const split = `${der.slice(0, 100)}<!---->${der.slice(100)}`;
    expect(rejectionOf(c.signed().replace(der, split))).toBe('WSS_MALFORMED_TOKEN');
  });

  it('a token split into 64-character lines is the same certificate (accepted)', () => {
    const der = c.signer.certificate.raw.toString('base64');
    const wrapped = der.replace(/(.{64})/g, '$1\r\n');
    expect(rejectionOf(c.signed().replace(der, wrapped))).toBe('ACCEPTED');
  });
});

describe('where the token may be', () => {
  it('the BinarySecurityToken moved into another header block is not THE token', () => {
    const xml = c.signed();
    const token = /<wsse:BinarySecurityToken[\s\S]*?<\/wsse:BinarySecurityToken>/.exec(xml)?.[0] as string;
    const moved = xml
      .replace(token, '')
      .replace('<env:Header>', `<env:Header><att:T xmlns:att="urn:example:attacker">${token}</att:T>`);
    expect(moved).not.toBe(xml);
    expect(rejectionOf(moved)).toBe('WSS_TOKEN_UNAVAILABLE');
  });
});

describe('which certificates earn trust', () => {
  it('the trust anchor itself used as the signing certificate (a CA as leaf)', () => {
    expect(rejectionOf(c.signed({}, c.pki.ca))).toBe('WSS_CERTIFICATE_KEY_USAGE');
  });

  it('an intermediate CA issued by the anchor used as the signing certificate', () => {
    const subCa = issueCertificate(c.pki, {
      subject: 'rogue sub CA',
      isCa: true,
      keyUsage: ['keyCertSign', 'digitalSignature'],
      privateKey: c.signer.privateKey,
    });
    expect(rejectionOf(c.signed({}, subCa))).toBe('WSS_CERTIFICATE_KEY_USAGE');
  });

  it('name chaining: an attacker CA with exactly the anchor subject name issues the leaf', () => {
    const lookalike = issueCertificate(c.pki, {
      subject: { commonName: 'sksml Test CA', organization: 'sksml test PKI' },
      selfSigned: true,
      isCa: true,
      keyUsage: ['keyCertSign'],
    });
    expect(Buffer.from(lookalike.certificate.subject).equals(Buffer.from(c.pki.ca.certificate.subject))).toBe(
      true,
    );
    const forged = issueCertificate(c.pki, {
      subject: 'client-1',
      issuer: lookalike,
      privateKey: c.signer.privateKey,
    });
    expect(rejectionOf(c.signed({}, forged))).toBe('WSS_UNTRUSTED_CERTIFICATE');
    // Control: the same message is accepted when the lookalike really is configured.
    expect(rejectionOf(c.signed({}, forged), { trustAnchors: [lookalike.certificate] })).toBe('ACCEPTED');
  });

  it('a leaf valid now but verified at a time outside its window after a cached success', () => {
    const xml = c.signed();
    expect(rejectionOf(xml)).toBe('ACCEPTED');
    const afterExpiry = new Date(c.now.getTime() + 6 * 365 * DAY);
    // The Timestamp is stale too, but the certificate is checked first (step 7 before step 10).
    expect(rejectionOf(xml, { now: afterExpiry })).toBe('WSS_CERTIFICATE_EXPIRED');
    const beforeIssue = new Date(c.now.getTime() - 2 * DAY);
    expect(rejectionOf(xml, { now: beforeIssue })).toBe('WSS_CERTIFICATE_NOT_YET_VALID');
  });
});
