/** Header structure, token form, XML intake and plain tampering (SKSML-WSS-1..5, -11, -20, -21, -26). */
import { SOAP12_ENVELOPE_NS } from '../../wss/namespaces.ts';
import type { AttackFixture } from './context.ts';
import { replaceOnce } from './edit.ts';
import { SKSML_PAYLOAD } from './forge.ts';

const doctype = (internalSubset: string, xml: string): string =>
  `<!DOCTYPE env:Envelope [${internalSubset}]>${xml}`;

export const STRUCTURE_FIXTURES: readonly AttackFixture[] = [
  {
    name: 'no-security-header',
    category: 'structure',
    description: 'an unsigned envelope',
    expected: { code: 'WSS_MISSING_SECURITY', fault: 'InvalidSecurity' },
    build: () => ({
      xml: `<env:Envelope xmlns:env="${SOAP12_ENVELOPE_NS}"><env:Body>${SKSML_PAYLOAD}</env:Body></env:Envelope>`,
    }),
  },
  {
    name: 'two-security-headers',
    category: 'structure',
    description: 'a second (empty) wsse:Security header next to the signed one',
    expected: { code: 'WSS_MULTIPLE_SECURITY', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ headerAfter: '<wsse:Security env:mustUnderstand="true"/>' }) }),
  },
  {
    name: 'security-without-must-understand',
    category: 'structure',
    description: 'wsse:Security without mustUnderstand (an intermediary may drop it silently)',
    expected: { code: 'WSS_MUST_UNDERSTAND', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: c.signed({ securityAttributes: '' }) }),
  },
  {
    name: 'security-for-next-role',
    category: 'structure',
    description: 'wsse:Security targeted at the "next" role instead of the ultimate receiver',
    expected: { code: 'WSS_SECURITY_ROLE', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: c.signed({
        securityAttributes:
          'env:mustUnderstand="true" env:role="http://www.w3.org/2003/05/soap-envelope/role/next"',
      }),
    }),
  },
  {
    name: 'token-wrong-value-type',
    category: 'structure',
    description: 'a BinarySecurityToken with the X509PKIPathv1 ValueType',
    expected: { code: 'WSS_UNSUPPORTED_TOKEN', fault: 'UnsupportedSecurityToken' },
    build: (c) => ({
      xml: c.signed({
        tokenValueType:
          'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1',
      }),
    }),
  },
  {
    name: 'token-not-a-certificate',
    category: 'structure',
    description: 'a BinarySecurityToken whose content is not a DER certificate',
    expected: { code: 'WSS_MALFORMED_TOKEN', fault: 'InvalidSecurityToken' },
    build: (c) => ({
      xml: c.signed().replace(/(<wsse:BinarySecurityToken[^>]*>)[^<]*/, '$1AAECAwQFBgcICQ=='),
    }),
  },
  {
    name: 'signature-with-object',
    category: 'structure',
    description: 'a ds:Object inside the Signature (a hiding place for wrapped content)',
    expected: { code: 'WSS_MALFORMED_SIGNATURE', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: replaceOnce(c.signed(), '</ds:KeyInfo>', '</ds:KeyInfo><ds:Object>x</ds:Object>'),
    }),
  },
  {
    name: 'not-an-envelope',
    category: 'structure',
    description: 'a bare SKSML message without an envelope',
    expected: { code: 'WSS_NOT_AN_ENVELOPE', fault: 'InvalidSecurity' },
    build: () => ({ xml: SKSML_PAYLOAD }),
  },
  {
    name: 'doctype-declaration',
    category: 'parser',
    description: 'a DOCTYPE with an internal subset in front of a valid message',
    expected: { code: 'WSS_XML_REJECTED', fault: 'InvalidSecurity' },
    build: (c) => ({ xml: doctype('<!ELEMENT env:Envelope ANY>', c.signed()) }),
  },
  {
    name: 'internal-entity',
    category: 'parser',
    description: 'an internal entity used in the Body (meaning differs between parsers)',
    expected: { code: 'WSS_XML_REJECTED', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: doctype('<!ENTITY id "10514-66-666">', c.signed().replace('>10514-0-0<', '>&id;<')),
    }),
  },
  {
    name: 'external-entity',
    category: 'parser',
    description: 'an external entity reading a local file',
    expected: { code: 'WSS_XML_REJECTED', fault: 'InvalidSecurity' },
    build: (c) => ({
      xml: doctype('<!ENTITY x SYSTEM "file:///etc/passwd">', c.signed().replace('>10514-0-0<', '>&x;<')),
    }),
  },
  {
    name: 'tampered-body',
    category: 'tampering',
    description: 'the payload changed after signing',
    expected: { code: 'WSS_DIGEST_MISMATCH', fault: 'FailedCheck' },
    build: (c) => ({ xml: replaceOnce(c.signed(), '>10514-0-0<', '>10514-66-666<') }),
  },
  {
    name: 'tampered-expires',
    category: 'tampering',
    description: 'Expires pushed later after signing',
    expected: { code: 'WSS_DIGEST_MISMATCH', fault: 'FailedCheck' },
    build: (c) => ({
      xml: c
        .signed()
        .replace(/<wsu:Expires>[^<]*</, `<wsu:Expires>${new Date(c.now.getTime() + 240_000).toISOString()}<`),
    }),
  },
  {
    name: 'tampered-signature-value',
    category: 'tampering',
    description: 'one byte of the SignatureValue changed',
    expected: { code: 'WSS_BAD_SIGNATURE', fault: 'FailedCheck' },
    build: (c) => ({
      xml: c
        .signed()
        .replace(
          /<ds:SignatureValue>(.)/,
          (_m, ch: string) => `<ds:SignatureValue>${ch === 'A' ? 'B' : 'A'}`,
        ),
    }),
  },
  {
    name: 'tampered-signed-info',
    category: 'tampering',
    description: 'a DigestValue in SignedInfo replaced by the digest of another payload',
    expected: { code: 'WSS_BAD_SIGNATURE', fault: 'FailedCheck' },
    build: (c) => ({
      xml: c
        .signed()
        .replace(/<ds:DigestValue>[^<]*</, `<ds:DigestValue>${Buffer.alloc(32, 7).toString('base64')}<`),
    }),
  },
];
