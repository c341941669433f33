import { describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate } from '../testkit/pki.ts';
import { CertificateError } from './chain.ts';
import { parseCertificateCached, verifyCertificateChainCached } from './verification-cache.ts';

const DAY = 86_400_000;
const pki = createTestPki({ clients: 1 });
const otherPki = createTestPki({ clients: 1, now: new Date(Date.now() - 1000) });
const client = pki.clients[0]!;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof CertificateError ? e.code : `not a CertificateError: ${String(e)}`;
  }
}

describe('verification cache', () => {
  it('returns the same certificate object for the same DER bytes', () => {
    const a = parseCertificateCached(client.certificate.raw);
    const b = parseCertificateCached(Buffer.from(client.certificate.raw));
    expect(a).toBe(b);
    expect(a.raw.equals(client.certificate.raw)).toBe(true);
  });

  it('does not cache parse failures', () => {
    expect(codeOf(() => parseCertificateCached(new Uint8Array([0x30, 0x03, 0x02, 0x01])))).toBe(
      'CERT_MALFORMED',
    );
    expect(codeOf(() => parseCertificateCached(new Uint8Array([0x30, 0x03, 0x02, 0x01])))).toBe(
      'CERT_MALFORMED',
    );
  });

  it('still rejects an expired certificate after a cached success', () => {
    const options = { trustAnchors: pki.trustAnchors, usage: 'signature' as const };
    expect(verifyCertificateChainCached(client.certificate, { ...options, at: new Date() }).leaf).toBe(
      client.certificate,
    );
    const afterExpiry = new Date(Date.now() + 20 * 365 * DAY);
    expect(
      codeOf(() => verifyCertificateChainCached(client.certificate, { ...options, at: afterExpiry })),
    ).toBe('CERT_EXPIRED');
    const beforeValidity = new Date(Date.now() - 20 * 365 * DAY);
    expect(
      codeOf(() => verifyCertificateChainCached(client.certificate, { ...options, at: beforeValidity })),
    ).toBe('CERT_NOT_YET_VALID');
  });

  it('keys results on the trust anchors: another CA does not inherit trust', () => {
    const at = new Date();
    verifyCertificateChainCached(client.certificate, {
      trustAnchors: pki.trustAnchors,
      usage: 'signature',
      at,
    });
    expect(
      codeOf(() =>
        verifyCertificateChainCached(client.certificate, {
          trustAnchors: otherPki.trustAnchors,
          usage: 'signature',
          at,
        }),
      ),
    ).toBe('CERT_UNTRUSTED');
  });

  it('keys results on the usage and the key size policy', () => {
    const noSigning = issueCertificate(pki, { subject: 'encrypt-only', keyUsage: ['keyEncipherment'] });
    const at = new Date();
    verifyCertificateChainCached(noSigning.certificate, {
      trustAnchors: pki.trustAnchors,
      usage: 'keyEncipherment',
      at,
    });
    expect(
      codeOf(() =>
        verifyCertificateChainCached(noSigning.certificate, {
          trustAnchors: pki.trustAnchors,
          usage: 'signature',
          at,
        }),
      ),
    ).toBe('CERT_KEY_USAGE');
    expect(
      codeOf(() =>
        verifyCertificateChainCached(client.certificate, {
          trustAnchors: pki.trustAnchors,
          usage: 'signature',
          at,
          minRsaBits: 4096,
        }),
      ),
    ).toBe('CERT_WEAK_KEY');
  });
});
