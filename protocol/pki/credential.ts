/**
 * Key pair + certificate = a credential. Shared by the test PKI and `sksml pki`. Keys are made by
 * node:crypto (native, fast); certificates by certificate-builder.ts.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, type X509Certificate } from 'node:crypto';
import { buildCertificate, type CertificateTemplate } from './certificate-builder.ts';

export interface PkiCredential {
  readonly certificate: X509Certificate;
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
  /** PKCS #8, unencrypted. */
  readonly privateKeyPem: string;
}

export type KeySpec =
  | { readonly type: 'rsa'; readonly bits: number }
  | { readonly type: 'ec'; readonly curve?: 'P-256' | 'P-384' };

export function generatePrivateKey(spec: KeySpec): KeyObject {
  if (spec.type === 'rsa')
    return generateKeyPairSync('rsa', { modulusLength: spec.bits, publicExponent: 0x10001 }).privateKey;
  return generateKeyPairSync('ec', { namedCurve: spec.curve ?? 'P-256' }).privateKey;
}

export function toCredential(certificate: X509Certificate, privateKey: KeyObject): PkiCredential {
  return Object.freeze({
    certificate,
    certificatePem: certificate.toString(),
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
}

/**
 * Certifies `privateKey`'s public half. `issuer` absent → self-signed.
 */
export function issueCredential(
  template: Omit<CertificateTemplate, 'subjectPublicKey'>,
  privateKey: KeyObject,
  issuer?: PkiCredential,
): PkiCredential {
  const certificate = buildCertificate(
    { ...template, subjectPublicKey: createPublicKey(privateKey) },
    issuer === undefined
      ? { privateKey }
      : { privateKey: issuer.privateKey, certificate: issuer.certificate },
  );
  return toCredential(certificate, privateKey);
}
