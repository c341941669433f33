/**
 * Reads the parts of an X.509 certificate that chain verification needs and node:crypto does not
 * expose: exact issuer/subject encodings, validity as Dates, basicConstraints, keyUsage bits,
 * extKeyUsage, key identifiers and the criticality of every extension (RFC 5280 §4.1, §4.2).
 */
import { CertificateError } from './certificate-error.ts';
import {
  DerError,
  decodeDer,
  expectChildren,
  expectTag,
  readBitString,
  readBoolean,
  readChildren,
  readOid,
  readSmallInteger,
  readTime,
  TAG,
} from './der.ts';
import { KEY_USAGE_BITS, type KeyUsageName, OID } from './oids.ts';

export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

export interface CertificateFields {
  readonly version: number; // 1, 2 or 3
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly issuer: Uint8Array; // DER of the issuer Name
  readonly subject: Uint8Array; // DER of the subject Name
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKeyInfo: Uint8Array;
  readonly subjectPublicKey: Uint8Array; // contents of the BIT STRING (for key identifiers)
  readonly extensions: readonly CertificateExtension[];
  /** Absent when the certificate has no basicConstraints extension. */
  readonly basicConstraints: { readonly cA: boolean; readonly pathLength: number | undefined } | undefined;
  /** Absent when the certificate has no keyUsage extension (then every use is allowed). */
  readonly keyUsage: ReadonlySet<KeyUsageName> | undefined;
  readonly extKeyUsage: readonly string[] | undefined;
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  readonly authorityKeyIdentifier: Uint8Array | undefined;
}

function algorithmOid(node: Parameters<typeof readChildren>[0] | undefined, what: string): string {
  return readOid(expectChildren(node, TAG.SEQUENCE, what)[0], what);
}

function parseExtensions(node: ReturnType<typeof decodeDer> | undefined): CertificateExtension[] {
  if (node === undefined) return [];
  const list = expectChildren(readChildren(node)[0], TAG.SEQUENCE, 'extensions');
  if (list.length === 0) throw new DerError('empty extensions');
  const seen = new Set<string>();
  return list.map((ext) => {
    const parts = expectChildren(ext, TAG.SEQUENCE, 'extension');
    const oid = readOid(parts[0], 'extnID');
    if (seen.has(oid)) throw new DerError(`duplicate extension ${oid}`);
    seen.add(oid);
    let critical = false;
    let index = 1;
    if (parts[1]?.tag === TAG.BOOLEAN) {
      critical = readBoolean(parts[1], 'critical');
      index = 2;
    }
    const value = expectTag(parts[index], TAG.OCTET_STRING, 'extnValue').content;
    if (parts.length !== index + 1) throw new DerError('extension has extra fields');
    return { oid, critical, value };
  });
}

function parseBasicConstraints(value: Uint8Array): { cA: boolean; pathLength: number | undefined } {
  const parts = expectChildren(decodeDer(value), TAG.SEQUENCE, 'basicConstraints');
  let i = 0;
  let cA = false;
  if (parts[i]?.tag === TAG.BOOLEAN) cA = readBoolean(parts[i++], 'cA');
  let pathLength: number | undefined;
  if (parts[i]?.tag === TAG.INTEGER) pathLength = readSmallInteger(parts[i++], 'pathLenConstraint');
  if (i !== parts.length) throw new DerError('basicConstraints has extra fields');
  return { cA, pathLength };
}

function parseKeyUsage(value: Uint8Array): Set<KeyUsageName> {
  const { bits } = readBitString(decodeDer(value), 'keyUsage');
  const out = new Set<KeyUsageName>();
  bits.forEach((set, i) => {
    const name = KEY_USAGE_BITS[i];
    if (set && name !== undefined) out.add(name);
  });
  return out;
}

function parseExtKeyUsage(value: Uint8Array): string[] {
  const list = expectChildren(decodeDer(value), TAG.SEQUENCE, 'extKeyUsage');
  if (list.length === 0) throw new DerError('empty extKeyUsage');
  return list.map((n) => readOid(n, 'KeyPurposeId'));
}

function parseAuthorityKeyIdentifier(value: Uint8Array): Uint8Array | undefined {
  const parts = expectChildren(decodeDer(value), TAG.SEQUENCE, 'authorityKeyIdentifier');
  const keyId = parts.find((p) => p.tag === 0x80); // [0] IMPLICIT KeyIdentifier
  return keyId?.content;
}

/**
 * Parses the DER of a certificate (as `X509Certificate.raw` gives it). Throws CertificateError
 * CERT_MALFORMED on anything it cannot read exactly.
 */
export function readCertificateFields(der: Uint8Array): CertificateFields {
  try {
    const [tbsNode, sigAlgNode, sigValue] = expectChildren(decodeDer(der), TAG.SEQUENCE, 'Certificate');
    expectTag(sigValue, TAG.BIT_STRING, 'signatureValue');
    const tbsParts = expectChildren(tbsNode, TAG.SEQUENCE, 'TBSCertificate');
    let i = 0;
    let version = 1;
    if (tbsParts[0]?.tag === 0xa0) {
      version = readSmallInteger(readChildren(tbsParts[0])[0], 'version') + 1;
      i++;
    }
    if (version < 1 || version > 3) throw new DerError(`unknown certificate version ${version}`);
    expectTag(tbsParts[i++], TAG.INTEGER, 'serialNumber');
    const innerAlg = algorithmOid(tbsParts[i++], 'signature');
    const issuer = expectTag(tbsParts[i++], TAG.SEQUENCE, 'issuer').bytes;
    const validity = expectChildren(tbsParts[i++], TAG.SEQUENCE, 'validity');
    if (validity.length !== 2) throw new DerError('validity must hold two times');
    const notBefore = readTime(validity[0], 'notBefore');
    const notAfter = readTime(validity[1], 'notAfter');
    const subject = expectTag(tbsParts[i++], TAG.SEQUENCE, 'subject').bytes;
    const spki = expectTag(tbsParts[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo');
    const spkiParts = readChildren(spki);
    const subjectPublicKey = readBitString(spkiParts[1], 'subjectPublicKey').bytes;
    while (tbsParts[i]?.tag === 0x81 || tbsParts[i]?.tag === 0x82) i++; // unique identifiers
    let extensionsNode: ReturnType<typeof decodeDer> | undefined;
    if (tbsParts[i]?.tag === 0xa3) {
      if (version !== 3) throw new DerError('extensions in a certificate that is not v3');
      extensionsNode = tbsParts[i++];
    }
    if (i !== tbsParts.length) throw new DerError('unexpected fields in TBSCertificate');
    const outerAlg = algorithmOid(sigAlgNode, 'signatureAlgorithm');
    if (outerAlg !== innerAlg)
      throw new DerError('signature algorithm differs inside and outside TBSCertificate');

    const extensions = parseExtensions(extensionsNode);
    const find = (oid: string): Uint8Array | undefined => extensions.find((e) => e.oid === oid)?.value;
    const bc = find(OID.basicConstraints);
    const ku = find(OID.keyUsage);
    const eku = find(OID.extKeyUsage);
    const ski = find(OID.subjectKeyIdentifier);
    const aki = find(OID.authorityKeyIdentifier);
    return {
      version,
      tbs: tbsNode!.bytes,
      signatureAlgorithm: outerAlg,
      issuer,
      subject,
      notBefore,
      notAfter,
      subjectPublicKeyInfo: spki.bytes,
      subjectPublicKey,
      extensions,
      basicConstraints: bc === undefined ? undefined : parseBasicConstraints(bc),
      keyUsage: ku === undefined ? undefined : parseKeyUsage(ku),
      extKeyUsage: eku === undefined ? undefined : parseExtKeyUsage(eku),
      subjectKeyIdentifier:
        ski === undefined ? undefined : expectTag(decodeDer(ski), TAG.OCTET_STRING, 'SKI').content,
      authorityKeyIdentifier: aki === undefined ? undefined : parseAuthorityKeyIdentifier(aki),
    };
  } catch (e) {
    if (e instanceof CertificateError) throw e;
    const detail = e instanceof DerError ? e.message : 'unreadable structure';
    throw new CertificateError('CERT_MALFORMED', `malformed certificate: ${detail}`, { cause: e });
  }
}
