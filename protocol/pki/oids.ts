/** Object identifiers used by the PKI code (X.509 / PKIX / PKCS #1 / ANSI X9.62). */
export const OID = {
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',

  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyConstraints: '2.5.29.36',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',

  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  anyExtendedKeyUsage: '2.5.29.37.0',

  sha1WithRSAEncryption: '1.2.840.113549.1.1.5', // refused; named so tests can build it
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
} as const;

/** Certificate signature algorithms accepted on a chain (no MD5, no SHA-1). */
export const ACCEPTED_SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([
  OID.sha256WithRSAEncryption,
  OID.sha384WithRSAEncryption,
  OID.sha512WithRSAEncryption,
  OID.ecdsaWithSHA256,
  OID.ecdsaWithSHA384,
  OID.ecdsaWithSHA512,
]);

/** Extensions this verifier understands; any other extension marked critical fails the chain. */
export const UNDERSTOOD_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.subjectKeyIdentifier,
  OID.keyUsage,
  OID.subjectAltName,
  OID.basicConstraints,
  OID.authorityKeyIdentifier,
  OID.extKeyUsage,
]);

/** keyUsage named bits (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];
