/** Key confusion and certificate attacks (SKSML-WSS-5..7, -13, -23). */
import { HMAC_SHA1 } from '../../wss/algorithms.ts';
import type { AttackFixture } from './context.ts';
import { forge } from './forge.ts';

export const KEY_FIXTURES: readonly AttackFixture[] = [
  {
    name: 'hmac-with-public-key-secret',
    category: 'key',
    description: 'HMAC-SHA1 SignatureMethod keyed with the signer certificate public key (known to all)',
    expected: { code: 'WSS_UNSUPPORTED_ALGORITHM', fault: 'UnsupportedAlgorithm' },
    build: (c) => {
      const secret = Buffer.from(c.signer.certificate.publicKey.export({ type: 'spki', format: 'pem' }));
      return { xml: forge(c.template({ signatureMethod: HMAC_SHA1 }), { kind: 'hmac', secret }) };
    },
  },
  {
    name: 'certificate-in-keyinfo-x509data',
    category: 'key',
    description: 'an attacker certificate carried in ds:KeyInfo/ds:X509Data instead of the token',
    reference: 'CVE-2024-32962',
    expected: { code: 'WSS_FORBIDDEN_KEY_INFO', fault: 'UnsupportedSecurityToken' },
    build: (c) => {
      const attacker = c.odd.selfSigned;
      const keyInfo = `<ds:X509Data><ds:X509Certificate>${attacker.certificate.raw.toString('base64')}</ds:X509Certificate></ds:X509Data>`;
      return { xml: c.signed({ keyInfo, certificate: null }, attacker) };
    },
  },
  {
    name: 'key-value-in-keyinfo',
    category: 'key',
    description: 'a bare public key (ds:KeyValue) next to the token reference',
    expected: { code: 'WSS_FORBIDDEN_KEY_INFO', fault: 'UnsupportedSecurityToken' },
    build: (c) => ({
      xml: c.signed({
        keyInfo:
          '<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>AQAB</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>',
      }),
    }),
  },
  {
    name: 'untrusted-ca-certificate',
    category: 'key',
    description: 'a valid signature by a certificate from a CA that is not a trust anchor',
    expected: { code: 'WSS_UNTRUSTED_CERTIFICATE', fault: 'FailedAuthentication' },
    build: (c) => ({ xml: c.signed({}, c.odd.foreignLeaf) }),
  },
  {
    name: 'self-signed-certificate',
    category: 'key',
    description: 'a valid signature by a self-signed certificate',
    expected: { code: 'WSS_UNTRUSTED_CERTIFICATE', fault: 'FailedAuthentication' },
    build: (c) => ({ xml: c.signed({}, c.odd.selfSigned) }),
  },
  {
    name: 'expired-certificate',
    category: 'key',
    description: 'a valid signature by an expired certificate',
    expected: { code: 'WSS_CERTIFICATE_EXPIRED', fault: 'FailedAuthentication' },
    build: (c) => ({ xml: c.signed({}, c.odd.expired) }),
  },
  {
    name: 'not-yet-valid-certificate',
    category: 'key',
    description: 'a valid signature by a certificate whose validity starts tomorrow',
    expected: { code: 'WSS_CERTIFICATE_NOT_YET_VALID', fault: 'FailedAuthentication' },
    build: (c) => ({ xml: c.signed({}, c.odd.notYetValid) }),
  },
  {
    name: 'no-digital-signature-key-usage',
    category: 'key',
    description: 'a certificate whose keyUsage lacks digitalSignature',
    expected: { code: 'WSS_CERTIFICATE_KEY_USAGE', fault: 'FailedAuthentication' },
    build: (c) => ({ xml: c.signed({}, c.odd.noDigitalSignature) }),
  },
  {
    name: 'rsa-1024-certificate',
    category: 'key',
    description: 'a 1024-bit RSA signing key',
    expected: { code: 'WSS_WEAK_KEY', fault: 'InvalidSecurityToken' },
    build: (c) => ({ xml: c.signed({}, c.odd.rsa1024) }),
  },
  {
    name: 'ec-certificate',
    category: 'key',
    description: 'an EC certificate; the rsa-sha256 URI is kept while the bytes are ECDSA',
    expected: { code: 'WSS_CERTIFICATE_KEY_TYPE', fault: 'InvalidSecurityToken' },
    build: (c) => ({ xml: c.signed({}, c.odd.ec) }),
  },
  {
    name: 'unexpected-certificate',
    category: 'key',
    description: 'a trusted certificate, but not the one the verifier pins (a client expecting its server)',
    expected: { code: 'WSS_UNEXPECTED_CERTIFICATE', fault: 'FailedAuthentication' },
    build: (c) => ({ xml: c.signed(), options: { expectedCertificate: c.pki.server.certificate } }),
  },
  {
    name: 'missing-token',
    category: 'key',
    description: 'the SecurityTokenReference points at a BinarySecurityToken that is not there',
    expected: { code: 'WSS_TOKEN_UNAVAILABLE', fault: 'SecurityTokenUnavailable' },
    build: (c) => ({ xml: c.signed({ certificate: null }) }),
  },
  {
    name: 'key-identifier-reference',
    category: 'key',
    description: 'the token is named by a KeyIdentifier (not supported by the profile)',
    expected: { code: 'WSS_UNSUPPORTED_TOKEN_REFERENCE', fault: 'UnsupportedSecurityToken' },
    build: (c) => ({
      xml: c.signed({
        keyInfo:
          '<wsse:SecurityTokenReference><wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier">AAAA</wsse:KeyIdentifier></wsse:SecurityTokenReference>',
      }),
    }),
  },
];
