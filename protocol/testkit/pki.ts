/**
 * An in-memory test PKI: a CA, SKS server certificates and client certificates, plus
 * `issueCertificate` for the odd certificates attack tests need (expired, not yet valid, wrong
 * key usage, 1024-bit RSA, EC key, foreign CA, self-signed).
 *
 * Key generation is the slow part, so `createTestPki` memoises per option set: a test file that
 * calls it many times makes its keys once. Treat the returned objects as read-only (they are frozen).
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type {
  CertificateTemplate,
  DistinguishedName,
  ExtendedKeyUsageName,
} from '../pki/certificate-builder.ts';
import { generatePrivateKey, issueCredential, type PkiCredential } from '../pki/credential.ts';
import { caTemplate, type EndEntityRole, endEntityTemplate } from '../pki/roles.ts';
import type { KeyUsageName } from '../pki/oids.ts';

export type { PkiCredential } from '../pki/credential.ts';
export type { KeyUsageName } from '../pki/oids.ts';

export interface TestPki {
  readonly ca: PkiCredential;
  /** The first server credential (servers[0]). */
  readonly server: PkiCredential;
  readonly servers: readonly PkiCredential[];
  readonly clients: readonly PkiCredential[];
  /** [ca.certificate]: what a verifier is configured with. */
  readonly trustAnchors: readonly X509Certificate[];
  /** The instant the PKI was built around (certificates valid from now - 1 day to now + 5 years). */
  readonly now: Date;
  readonly bits: 2048 | 3072;
}

export interface TestPkiOptions {
  readonly clients?: number;
  readonly bits?: 2048 | 3072;
  readonly now?: Date;
  readonly servers?: number;
}

const DAY = 86_400_000;
const ORG = 'sksml test PKI';
const memo = new Map<string, TestPki>();

function defaultValidity(now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + 5 * 365 * DAY) };
}

function buildPki(clientCount: number, serverCount: number, bits: 2048 | 3072, now: Date): TestPki {
  const { notBefore, notAfter } = defaultValidity(now);
  const caKey = generatePrivateKey({ type: 'rsa', bits });
  const ca = issueCredential(
    caTemplate(
      { commonName: 'sksml Test CA', organization: ORG },
      notBefore,
      new Date(notAfter.getTime() + 365 * DAY),
    ),
    caKey,
  );
  const endEntity = (commonName: string, role: EndEntityRole, dnsNames?: string[]): PkiCredential =>
    issueCredential(
      endEntityTemplate(role, { commonName, organization: ORG }, notBefore, notAfter, dnsNames),
      generatePrivateKey({ type: 'rsa', bits }),
      ca,
    );
  const servers = Array.from({ length: serverCount }, (_, i) =>
    endEntity(serverCount === 1 ? 'sks-server' : `sks-server-${i + 1}`, 'server', ['localhost']),
  );
  const clients = Array.from({ length: clientCount }, (_, i) => endEntity(`client-${i + 1}`, 'client'));
  return Object.freeze({
    ca,
    server: servers[0]!,
    servers: Object.freeze(servers),
    clients: Object.freeze(clients),
    trustAnchors: Object.freeze([ca.certificate]),
    now,
    bits,
  });
}

/**
 * A CA, `servers` (default 1) server credentials and `clients` (default 2) client credentials,
 * RSA `bits` (default 2048). Memoised per option set for the life of the process.
 */
export function createTestPki(options: TestPkiOptions = {}): TestPki {
  const clients = options.clients ?? 2;
  const servers = options.servers ?? 1;
  const bits = options.bits ?? 2048;
  if (!Number.isInteger(clients) || clients < 0 || clients > 100)
    throw new RangeError('clients must be 0..100');
  if (!Number.isInteger(servers) || servers < 1 || servers > 10)
    throw new RangeError('servers must be 1..10');
  // Without an explicit `now`, one PKI per process, built around the first call's clock.
  const key = `${clients}/${servers}/${bits}/${options.now?.toISOString() ?? 'default'}`;
  let pki = memo.get(key);
  if (pki === undefined) {
    pki = buildPki(clients, servers, bits, options.now ?? new Date());
    memo.set(key, pki);
  }
  return pki;
}

export interface IssueCertificateOptions {
  readonly subject: string | DistinguishedName;
  /** keyUsage bits; `null` leaves the extension out. Default digitalSignature + keyEncipherment (CA: keyCertSign + cRLSign). */
  readonly keyUsage?: readonly KeyUsageName[] | null;
  readonly extKeyUsage?: readonly ExtendedKeyUsageName[];
  /** Defaults: pki.now - 1 day and pki.now + 1 year. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** RSA modulus size (default pki.bits); ignored for keyType 'ec'. */
  readonly bits?: number;
  readonly keyType?: 'rsa' | 'ec';
  /** Reuse an existing key instead of generating one (saves time; never share across roles you compare). */
  readonly privateKey?: KeyObject;
  readonly selfSigned?: boolean;
  /** The issuing CA (default pki.ca); pass another CA's credential for "untrusted issuer" tests. */
  readonly issuer?: PkiCredential;
  readonly isCa?: boolean;
  readonly pathLength?: number;
  readonly extraExtensions?: CertificateTemplate['extraExtensions'];
  readonly signatureHash?: 'sha256' | 'sha1';
}

/** Issues one more credential (by pki.ca unless `issuer` or `selfSigned` says otherwise). */
export function issueCertificate(pki: TestPki, options: IssueCertificateOptions): PkiCredential {
  const subject: DistinguishedName =
    typeof options.subject === 'string'
      ? { commonName: options.subject, organization: ORG }
      : options.subject;
  const key =
    options.privateKey ??
    (options.keyType === 'ec'
      ? generatePrivateKey({ type: 'ec' })
      : generatePrivateKey({ type: 'rsa', bits: options.bits ?? pki.bits }));
  return issueCredential(
    {
      subject,
      notBefore: options.notBefore ?? new Date(pki.now.getTime() - DAY),
      notAfter: options.notAfter ?? new Date(pki.now.getTime() + 365 * DAY),
      ...(options.keyUsage === undefined ? {} : { keyUsage: options.keyUsage }),
      ...(options.extKeyUsage === undefined ? {} : { extKeyUsage: options.extKeyUsage }),
      ...(options.isCa === undefined ? {} : { isCa: options.isCa }),
      ...(options.pathLength === undefined ? {} : { pathLength: options.pathLength }),
      ...(options.extraExtensions === undefined ? {} : { extraExtensions: options.extraExtensions }),
      ...(options.signatureHash === undefined ? {} : { signatureHash: options.signatureHash }),
    },
    key,
    options.selfSigned === true ? undefined : (options.issuer ?? pki.ca),
  );
}
