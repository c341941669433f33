/**
 * Builds and signs X.509 v3 certificates (RFC 5280) with our own DER writer and node:crypto
 * signatures, so any key type node:crypto knows (RSA of any size, EC) can be certified.
 * Used by the test PKI and by `sksml pki`.
 */
import { createHash, randomBytes, sign, type KeyObject, X509Certificate } from 'node:crypto';
import { readCertificateFields } from './certificate-fields.ts';
import {
  decodeDer,
  encodeBitStringBytes,
  encodeBoolean,
  encodeExplicit,
  encodeImplicitPrimitive,
  encodeNamedBits,
  encodeNull,
  encodeOctetString,
  encodeOid,
  encodeSequence,
  encodeSet,
  encodeSmallInteger,
  encodeTime,
  encodeUnsignedInteger,
  encodeUtf8String,
  readBitString,
  readChildren,
} from './der.ts';
import { KEY_USAGE_BITS, type KeyUsageName, OID } from './oids.ts';

export interface DistinguishedName {
  readonly commonName: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
}

export type ExtendedKeyUsageName = 'clientAuth' | 'serverAuth';

export interface CertificateTemplate {
  readonly subject: DistinguishedName;
  readonly subjectPublicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Unsigned big-endian serial; default 16 random bytes, positive. */
  readonly serialNumber?: Uint8Array;
  /** Adds basicConstraints cA=true (critical). Otherwise basicConstraints is present with cA=false. */
  readonly isCa?: boolean;
  readonly pathLength?: number;
  /** keyUsage bits (critical). `null` omits the extension; undefined picks the role's default. */
  readonly keyUsage?: readonly KeyUsageName[] | null;
  readonly extKeyUsage?: readonly ExtendedKeyUsageName[];
  readonly dnsNames?: readonly string[];
  /** Additional raw extensions (tests of unknown critical extensions). */
  readonly extraExtensions?: readonly {
    readonly oid: string;
    readonly critical: boolean;
    readonly value: Uint8Array;
  }[];
  /** Digest of the certificate signature; 'sha1' exists only to build refused certificates in tests. */
  readonly signatureHash?: 'sha256' | 'sha1';
}

export interface CertificateSigner {
  readonly privateKey: KeyObject;
  /** The issuing CA. Absent for a self-signed certificate (then privateKey matches the subject key). */
  readonly certificate?: X509Certificate;
}

/** A positive, non-zero, 16-byte serial number without a redundant leading zero. */
export function randomSerialNumber(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

export function encodeName(name: DistinguishedName): Uint8Array {
  const rdn = (oid: string, value: string): Uint8Array =>
    encodeSet(encodeSequence(encodeOid(oid), encodeUtf8String(value)));
  const parts: Uint8Array[] = [];
  if (name.organization !== undefined) parts.push(rdn(OID.organizationName, name.organization));
  if (name.organizationalUnit !== undefined)
    parts.push(rdn(OID.organizationalUnitName, name.organizationalUnit));
  parts.push(rdn(OID.commonName, name.commonName));
  return encodeSequence(...parts);
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function computeKeyIdentifier(publicKey: KeyObject): Uint8Array {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const bits = readBitString(readChildren(decodeDer(spki))[1]).bytes;
  return createHash('sha1').update(bits).digest();
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical
    ? encodeSequence(encodeOid(oid), encodeBoolean(true), encodeOctetString(value))
    : encodeSequence(encodeOid(oid), encodeOctetString(value));
}

function signatureAlgorithmFor(key: KeyObject, hash: 'sha256' | 'sha1'): { oid: string; der: Uint8Array } {
  if (key.asymmetricKeyType === 'rsa') {
    const oid = hash === 'sha1' ? OID.sha1WithRSAEncryption : OID.sha256WithRSAEncryption;
    return { oid, der: encodeSequence(encodeOid(oid), encodeNull()) };
  }
  if (hash === 'sha1') throw new Error('sha1 signatures are only built with RSA keys');
  if (key.asymmetricKeyType === 'ec') {
    return { oid: OID.ecdsaWithSHA256, der: encodeSequence(encodeOid(OID.ecdsaWithSHA256)) };
  }
  throw new Error(`cannot sign certificates with a ${String(key.asymmetricKeyType)} key`);
}

const EKU_OIDS: Record<ExtendedKeyUsageName, string> = {
  clientAuth: OID.clientAuth,
  serverAuth: OID.serverAuth,
};

/** Builds, signs and returns the certificate. */
export function buildCertificate(template: CertificateTemplate, signer: CertificateSigner): X509Certificate {
  const subjectName = encodeName(template.subject);
  const subjectKeyId = computeKeyIdentifier(template.subjectPublicKey);
  let issuerName: Uint8Array;
  let authorityKeyId: Uint8Array;
  if (signer.certificate === undefined) {
    issuerName = subjectName;
    authorityKeyId = subjectKeyId;
  } else {
    const issuerFields = readCertificateFields(signer.certificate.raw);
    issuerName = issuerFields.subject;
    authorityKeyId = issuerFields.subjectKeyIdentifier ?? computeKeyIdentifier(signer.certificate.publicKey);
  }
  const hash = template.signatureHash ?? 'sha256';
  const algorithm = signatureAlgorithmFor(signer.privateKey, hash);

  const isCa = template.isCa === true;
  const keyUsage =
    template.keyUsage === undefined
      ? isCa
        ? (['keyCertSign', 'cRLSign'] as const)
        : (['digitalSignature', 'keyEncipherment'] as const)
      : template.keyUsage;
  const extensions: Uint8Array[] = [
    extension(
      OID.basicConstraints,
      true,
      isCa
        ? encodeSequence(
            encodeBoolean(true),
            ...(template.pathLength === undefined ? [] : [encodeSmallInteger(template.pathLength)]),
          )
        : encodeSequence(),
    ),
  ];
  if (keyUsage !== null) {
    extensions.push(
      extension(OID.keyUsage, true, encodeNamedBits(keyUsage.map((u) => KEY_USAGE_BITS.indexOf(u)))),
    );
  }
  if (template.extKeyUsage !== undefined && template.extKeyUsage.length > 0) {
    extensions.push(
      extension(
        OID.extKeyUsage,
        false,
        encodeSequence(...template.extKeyUsage.map((u) => encodeOid(EKU_OIDS[u]))),
      ),
    );
  }
  if (template.dnsNames !== undefined && template.dnsNames.length > 0) {
    const names = template.dnsNames.map((n) => {
      if (!/^[A-Za-z0-9.*-]+$/.test(n)) throw new Error(`not a DNS name: ${n}`);
      return encodeImplicitPrimitive(2, Buffer.from(n, 'latin1'));
    });
    extensions.push(extension(OID.subjectAltName, false, encodeSequence(...names)));
  }
  for (const e of template.extraExtensions ?? []) extensions.push(extension(e.oid, e.critical, e.value));
  extensions.push(extension(OID.subjectKeyIdentifier, false, encodeOctetString(subjectKeyId)));
  extensions.push(
    extension(OID.authorityKeyIdentifier, false, encodeSequence(encodeImplicitPrimitive(0, authorityKeyId))),
  );

  const tbs = encodeSequence(
    encodeExplicit(0, encodeSmallInteger(2)),
    encodeUnsignedInteger(template.serialNumber ?? randomSerialNumber()),
    algorithm.der,
    issuerName,
    encodeSequence(encodeTime(template.notBefore), encodeTime(template.notAfter)),
    subjectName,
    template.subjectPublicKey.export({ type: 'spki', format: 'der' }),
    encodeExplicit(3, encodeSequence(...extensions)),
  );
  const signature = sign(hash, tbs, signer.privateKey);
  const der = encodeSequence(tbs, algorithm.der, encodeBitStringBytes(signature));
  return new X509Certificate(der);
}
