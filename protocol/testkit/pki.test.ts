import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCertificateFields } from '../pki/certificate-fields.ts';
import { createTestPki, issueCertificate } from './pki.ts';

const DAY = 86_400_000;

describe('createTestPki', () => {
  const pki = createTestPki({ clients: 3 });

  it('memoises per option set and differs across option sets', () => {
    expect(createTestPki({ clients: 3 })).toBe(pki);
    const other = createTestPki({ clients: 1 });
    expect(other).not.toBe(pki);
    expect(other.ca.certificate.fingerprint256).not.toBe(pki.ca.certificate.fingerprint256);
    expect(other.clients).toHaveLength(1);
  });

  it('gives N clients, a server and a CA, each key matching its certificate and all keys distinct', () => {
    expect(pki.clients).toHaveLength(3);
    const all = [pki.ca, pki.server, ...pki.clients];
    for (const c of all) {
      expect(c.certificate.checkPrivateKey(c.privateKey)).toBe(true);
      expect(c.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(c.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(c.certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
    const moduli = new Set(all.map((c) => c.certificate.publicKey.export({ format: 'jwk' }).n));
    expect(moduli.size).toBe(all.length);
    expect(pki.trustAnchors).toEqual([pki.ca.certificate]);
  });

  it('certificates are X.509v3 with the extensions of their role', () => {
    const ca = readCertificateFields(pki.ca.certificate.raw);
    expect(ca.version).toBe(3);
    expect(ca.basicConstraints?.cA).toBe(true);
    expect([...(ca.keyUsage ?? [])].sort()).toEqual(['cRLSign', 'keyCertSign']);
    expect(pki.ca.certificate.checkIssued(pki.ca.certificate)).toBe(true);

    for (const [cred, eku] of [
      [pki.server, '1.3.6.1.5.5.7.3.1'],
      [pki.clients[0]!, '1.3.6.1.5.5.7.3.2'],
    ] as const) {
      const f = readCertificateFields(cred.certificate.raw);
      expect(f.version).toBe(3);
      expect(f.basicConstraints?.cA).toBe(false);
      expect([...(f.keyUsage ?? [])].sort()).toEqual(['digitalSignature', 'keyEncipherment']);
      expect(f.extKeyUsage).toEqual([eku]);
      expect(f.authorityKeyIdentifier).toEqual(ca.subjectKeyIdentifier);
      expect(Buffer.from(f.subjectKeyIdentifier!)).toEqual(
        createHash('sha1').update(f.subjectPublicKey).digest(),
      );
      expect(cred.certificate.checkIssued(pki.ca.certificate)).toBe(true);
      expect(cred.certificate.verify(pki.ca.certificate.publicKey)).toBe(true);
    }
    expect(pki.server.certificate.subjectAltName).toContain('DNS:localhost');
  });

  it('serial numbers are random and positive', () => {
    const serials = [pki.ca, pki.server, ...pki.clients].map((c) => c.certificate.serialNumber);
    expect(new Set(serials).size).toBe(serials.length);
    for (const s of serials) expect(Number.parseInt(s.slice(0, 2), 16) & 0x80).toBe(0);
  });

  it('validity is built around `now`', () => {
    const now = new Date('2031-03-04T05:06:07Z');
    const p = createTestPki({ clients: 0, now });
    expect(p.clients).toHaveLength(0);
    const f = readCertificateFields(p.server.certificate.raw);
    expect(f.notBefore.getTime()).toBe(now.getTime() - DAY);
    expect(f.notAfter.getTime()).toBeGreaterThan(now.getTime() + 4 * 365 * DAY);
  });

  it('rejects silly option values', () => {
    expect(() => createTestPki({ clients: -1 })).toThrow(RangeError);
    expect(() => createTestPki({ clients: 1.5 })).toThrow(RangeError);
  });
});

describe('issueCertificate', () => {
  const pki = createTestPki();

  it('honours dates, key usage, key type and size, issuer and self-signing', () => {
    const notBefore = new Date('2020-01-01T00:00:00Z');
    const notAfter = new Date('2060-01-01T00:00:00Z'); // GeneralizedTime past 2049
    const odd = issueCertificate(pki, {
      subject: 'odd',
      notBefore,
      notAfter,
      keyUsage: ['dataEncipherment'],
      bits: 1024,
    });
    const f = readCertificateFields(odd.certificate.raw);
    expect(f.notBefore).toEqual(notBefore);
    expect(f.notAfter).toEqual(notAfter);
    expect([...(f.keyUsage ?? [])]).toEqual(['dataEncipherment']);
    expect(odd.certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(odd.certificate.verify(pki.ca.certificate.publicKey)).toBe(true);

    const ec = issueCertificate(pki, { subject: 'ec', keyType: 'ec' });
    expect(ec.certificate.publicKey.asymmetricKeyType).toBe('ec');

    const self = issueCertificate(pki, { subject: 'self', selfSigned: true, privateKey: ec.privateKey });
    expect(self.certificate.verify(self.certificate.publicKey)).toBe(true);
    expect(self.certificate.issuer).toBe(self.certificate.subject);

    const ecCa = issueCertificate(pki, { subject: 'EC CA', selfSigned: true, isCa: true, keyType: 'ec' });
    const byEc = issueCertificate(pki, { subject: 'by-ec', issuer: ecCa, privateKey: odd.privateKey });
    expect(byEc.certificate.verify(ecCa.certificate.publicKey)).toBe(true);
    expect(byEc.certificate.verify(pki.ca.certificate.publicKey)).toBe(false);
  });
});
