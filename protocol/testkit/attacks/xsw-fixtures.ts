/** XML signature wrapping and reference attacks (SKSML-WSS-16..19). */
import { X509V3_VALUE_TYPE } from '../../wss/namespaces.ts';
import type { AttackFixture } from './context.ts';
import { ATTACKER_NS, bodyOf, EVIL_PAYLOAD, replaceOnce, signatureOf } from './edit.ts';

const evilBody = (attributes = ''): string => `<env:Body${attributes}>${EVIL_PAYLOAD}</env:Body>`;

/** The signed Body moved into a header wrapper, and `replacement` put where it was. */
function wrapBody(xml: string, replacement: string, where: 'header' | 'security' = 'header'): string {
  const body = bodyOf(xml);
  const moved = replaceOnce(xml, body, replacement);
  return where === 'header'
    ? replaceOnce(
        moved,
        '<env:Header>',
        `<env:Header><att:Wrapper xmlns:att="${ATTACKER_NS}">${body}</att:Wrapper>`,
      )
    : replaceOnce(moved, '</ds:Signature>', `</ds:Signature>${body}`);
}

export const XSW_FIXTURES: readonly AttackFixture[] = [
  {
    name: 'xsw-body-moved-to-header-wrapper',
    category: 'xsw',
    description: 'the signed Body is moved into a header wrapper and an unsigned Body takes its place',
    reference: 'On Breaking SAML (XSW); WS-Security wrapping',
    expected: { code: 'WSS_WRAPPED_BODY', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: wrapBody(c.signed(), evilBody()) }),
  },
  {
    name: 'xsw-body-wrapper-duplicate-id',
    category: 'xsw',
    description: 'as above, and the new Body carries the same wsu:Id as the signed one',
    expected: { code: 'WSS_DUPLICATE_ID', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: wrapBody(c.signed(), evilBody(' wsu:Id="id-body"')) }),
  },
  {
    name: 'xsw-body-moved-into-security-header',
    category: 'xsw',
    description: 'the signed Body is moved into wsse:Security and replaced',
    expected: { code: 'WSS_UNEXPECTED_HEADER_CONTENT', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: wrapBody(c.signed(), evilBody(), 'security') }),
  },
  {
    name: 'xsw-foreign-namespace-id',
    category: 'xsw',
    description:
      'the replacing Body carries the signed Id in a foreign namespace (libraries that match any "Id")',
    expected: { code: 'WSS_DUPLICATE_ID', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: wrapBody(c.signed(), evilBody(` xmlns:att="${ATTACKER_NS}" att:Id="id-body"`)) }),
  },
  {
    name: 'xsw-duplicate-timestamp-id',
    category: 'xsw',
    description: 'a second element in another header block carries the Timestamp wsu:Id',
    expected: { code: 'WSS_DUPLICATE_ID', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: c.signed({ headerAfter: `<att:Info xmlns:att="${ATTACKER_NS}" wsu:Id="id-ts"/>` }),
    }),
  },
  {
    name: 'reference-to-foreign-id-attribute',
    category: 'xsw',
    description: 'the Body is identified only by an Id attribute in a foreign namespace (not wsu:Id)',
    expected: { code: 'WSS_REFERENCE_NOT_FOUND', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ bodyAttributes: `xmlns:att="${ATTACKER_NS}" att:Id="id-body"` }) }),
  },
  {
    name: 'second-signature-in-header',
    category: 'xsw',
    description: 'a copy of the Signature is placed in another header block',
    expected: { code: 'WSS_MULTIPLE_SIGNATURES', fault: 'InvalidSecurity' },
    build: (c) => {
      const xml = c.signed();
      const copy = signatureOf(xml).replace(/URI="#id-body"/, 'URI="#id-evil"');
      return {
        xml: replaceOnce(
          xml,
          '</env:Header>',
          `<att:Extra xmlns:att="${ATTACKER_NS}">${copy}</att:Extra></env:Header>`,
        ),
      };
    },
  },
  {
    name: 'second-signature-in-security',
    category: 'xsw',
    description: 'two ds:Signature elements in wsse:Security',
    expected: { code: 'WSS_MULTIPLE_SIGNATURES', fault: 'InvalidSecurity' },
    build: (c) => {
      const xml = c.signed();
      return { xml: replaceOnce(xml, '</wsse:Security>', `${signatureOf(xml)}</wsse:Security>`) };
    },
  },
  {
    name: 'two-signed-info',
    category: 'xsw',
    description:
      'a second SignedInfo inside the Signature (the verifier checks one, digests come from the other)',
    reference: 'CVE-2025-29774',
    expected: { code: 'WSS_MULTIPLE_SIGNED_INFO', fault: 'InvalidSecurity' },
    build: (c) => {
      const xml = c.signed();
      const signedInfo = /<ds:SignedInfo>[\s\S]*<\/ds:SignedInfo>/.exec(xml)?.[0] ?? '';
      return { xml: replaceOnce(xml, '</ds:SignedInfo>', `</ds:SignedInfo>${signedInfo}`) };
    },
  },
  {
    name: 'comment-in-digest-value',
    category: 'xsw',
    description: 'a comment splits a DigestValue so that a text-node reader sees only a prefix',
    reference: 'CVE-2025-29775',
    expected: { code: 'WSS_NON_TEXT_VALUE', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed().replace(/<ds:DigestValue>(.{8})/, '<ds:DigestValue>$1<!--x-->') }),
  },
  {
    name: 'timestamp-only-signed',
    category: 'xsw',
    description: 'the signature covers only the Timestamp; the Body is free to change',
    expected: { code: 'WSS_BODY_NOT_SIGNED', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ references: [{ uri: '#id-ts' }] }) }),
  },
  {
    name: 'body-only-signed',
    category: 'xsw',
    description: 'the signature covers only the Body; the Timestamp can be refreshed by anyone',
    expected: { code: 'WSS_TIMESTAMP_NOT_SIGNED', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ references: [{ uri: '#id-body' }] }) }),
  },
  {
    name: 'body-only-without-timestamp',
    category: 'xsw',
    description: 'no Timestamp at all and only the Body signed',
    expected: { code: 'WSS_MISSING_TIMESTAMP', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ timestamp: null, references: [{ uri: '#id-body' }] }) }),
  },
  {
    name: 'xpointer-reference',
    category: 'xsw',
    description: 'a Reference by XPointer (#xpointer(/)) instead of a bare name',
    expected: { code: 'WSS_BAD_REFERENCE_URI', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ references: [{ uri: '#xpointer(/)' }, { uri: '#id-ts' }] }) }),
  },
  {
    name: 'external-uri-reference',
    category: 'xsw',
    description: 'a Reference to an external URI',
    expected: { code: 'WSS_BAD_REFERENCE_URI', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: c.signed({ references: [{ uri: 'http://attacker.example/body.xml' }, { uri: '#id-ts' }] }),
    }),
  },
  {
    name: 'empty-uri-reference',
    category: 'xsw',
    description: 'a Reference with URI="" (the whole document)',
    expected: { code: 'WSS_BAD_REFERENCE_URI', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ references: [{ uri: '' }, { uri: '#id-ts' }] }) }),
  },
  {
    name: 'extra-reference-to-token',
    category: 'xsw',
    description: 'a third Reference to something that is neither Body nor Timestamp',
    expected: { code: 'WSS_UNEXPECTED_REFERENCE', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: c.signed({ references: [{ uri: '#id-body' }, { uri: '#id-ts' }, { uri: '#id-x509' }] }),
    }),
  },
  {
    name: 'duplicate-body-reference',
    category: 'xsw',
    description: 'the Body is referenced twice',
    expected: { code: 'WSS_DUPLICATE_REFERENCE', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: c.signed({ references: [{ uri: '#id-body' }, { uri: '#id-body' }, { uri: '#id-ts' }] }),
    }),
  },
  {
    name: 'token-reference-to-body',
    category: 'xsw',
    description: 'the SecurityTokenReference points at the Body instead of the token',
    expected: { code: 'WSS_TOKEN_UNAVAILABLE', fault: 'SecurityTokenUnavailable' },
    build: (c) => ({
      xml: c.signed({
        keyInfo: `<wsse:SecurityTokenReference><wsse:Reference URI="#id-body" ValueType="${X509V3_VALUE_TYPE}"/></wsse:SecurityTokenReference>`,
      }),
    }),
  },
];
