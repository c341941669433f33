/**
 * Certificate profiles of the roles in an SKSML deployment: the CA, SKS servers and client
 * applications. Servers and clients both sign (WS-Security) and receive wrapped keys or requests,
 * so both get digitalSignature + keyEncipherment.
 */
import type { CertificateTemplate, DistinguishedName } from './certificate-builder.ts';

export type EndEntityRole = 'client' | 'server';

type Template = Omit<CertificateTemplate, 'subjectPublicKey'>;

export function caTemplate(subject: DistinguishedName, notBefore: Date, notAfter: Date): Template {
  // pathLength 1: one intermediate CA below the root at most.
  return { subject, notBefore, notAfter, isCa: true, pathLength: 1, keyUsage: ['keyCertSign', 'cRLSign'] };
}

const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function endEntityTemplate(
  role: EndEntityRole,
  subject: DistinguishedName,
  notBefore: Date,
  notAfter: Date,
  dnsNames: readonly string[] = [],
): Template {
  return {
    subject,
    notBefore,
    notAfter,
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extKeyUsage: [role === 'server' ? 'serverAuth' : 'clientAuth'],
    ...(role === 'server' ? { dnsNames: dnsNames.filter((n) => DNS_NAME.test(n)) } : {}),
  };
}
