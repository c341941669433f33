import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate } from '../testkit/pki.ts';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import {
  CertificateError,
  loadTrustAnchors,
  parseCertificate,
  verifyCertificateChain,
  type ChainOptions,
} from './chain.ts';
import { generatePrivateKey } from './credential.ts';
import { encodeSequence } from './der.ts';

const DAY = 86_400_000;
const pki = createTestPki();
/** One key for every leaf whose key does not matter (RSA key generation is the slow part). */
const LEAF_KEY = generatePrivateKey({ type: 'rsa', bits: 2048 });
const at = pki.now;
const base: ChainOptions = { trustAnchors: pki.trustAnchors, at, usage: 'signature' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertificateError) return e.code;
    throw e;
  }
  return 'OK';
}

function verifyCode(cert: X509Certificate, options: Partial<ChainOptions> = {}): string {
  return codeOf(() => verifyCertificateChain(cert, { ...base, ...options }));
}

/** One intermediate CA under the test CA, and a leaf under it. */
const intermediate = issueCertificate(pki, { subject: 'sksml Intermediate CA', isCa: true, pathLength: 0 });
const underIntermediate = issueCertificate(pki, {
  privateKey: LEAF_KEY,
  subject: 'client-under-intermediate',
  issuer: intermediate,
});

describe('verifyCertificateChain: good certificates', () => {
  it('accepts every client and the server, for both usages, and returns leaf → anchor', () => {
    for (const cred of [...pki.clients, pki.server]) {
      for (const usage of ['signature', 'keyEncipherment'] as const) {
        const r = verifyCertificateChain(cred.certificate, { ...base, usage });
        expect(r.leaf).toBe(cred.certificate);
        expect(r.chain.map((c) => c.fingerprint256)).toEqual([
          cred.certificate.fingerprint256,
          pki.ca.certificate.fingerprint256,
        ]);
        expect(r.anchor.fingerprint256).toBe(pki.ca.certificate.fingerprint256);
      }
    }
  });

  it('builds a path through an intermediate CA given as an untrusted helper', () => {
    const r = verifyCertificateChain(underIntermediate.certificate, {
      ...base,
      intermediates: [intermediate.certificate],
    });
    expect(r.chain.map((c) => c.fingerprint256)).toEqual([
      underIntermediate.certificate.fingerprint256,
      intermediate.certificate.fingerprint256,
      pki.ca.certificate.fingerprint256,
    ]);
  });

  it('accepts a leaf without a keyUsage extension (every use allowed)', () => {
    const noKu = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'no-key-usage', keyUsage: null });
    expect(verifyCode(noKu.certificate, { usage: 'signature' })).toBe('OK');
    expect(verifyCode(noKu.certificate, { usage: 'keyEncipherment' })).toBe('OK');
  });

  it('accepts a self-signed end-entity certificate only when it is itself configured as an anchor', () => {
    const self = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'pinned', selfSigned: true });
    expect(verifyCode(self.certificate)).toBe('CERT_UNTRUSTED');
    const r = verifyCertificateChain(self.certificate, {
      ...base,
      trustAnchors: [pki.ca.certificate, self.certificate],
    });
    expect(r.chain).toHaveLength(1);
  });

  it('validity: valid exactly inside [notBefore, notAfter], property-tested over instants', () => {
    const leaf = pki.clients[0]!;
    const notBefore = new Date(leaf.certificate.validFrom).getTime();
    const notAfter = new Date(leaf.certificate.validTo).getTime();
    fc.assert(
      fc.property(fc.integer({ min: notBefore - 30 * DAY, max: notAfter + 30 * DAY }), (t) => {
        const expected = t < notBefore ? 'CERT_NOT_YET_VALID' : t > notAfter ? 'CERT_EXPIRED' : 'OK';
        expect(verifyCode(leaf.certificate, { at: new Date(t) })).toBe(expected);
      }),
      { numRuns: 60 },
    );
    expect(verifyCode(leaf.certificate, { at: new Date(notBefore) })).toBe('OK');
    expect(verifyCode(leaf.certificate, { at: new Date(notAfter) })).toBe('OK');
    expect(verifyCode(leaf.certificate, { at: new Date(notAfter + 1000) })).toBe('CERT_EXPIRED');
  });
});

describe('verifyCertificateChain: attacks and faults', () => {
  it('CERT_EXPIRED / CERT_NOT_YET_VALID for the leaf', () => {
    const expired = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'expired',
      notBefore: new Date(at.getTime() - 30 * DAY),
      notAfter: new Date(at.getTime() - DAY),
    });
    const future = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'future',
      notBefore: new Date(at.getTime() + DAY),
      notAfter: new Date(at.getTime() + 30 * DAY),
    });
    expect(verifyCode(expired.certificate)).toBe('CERT_EXPIRED');
    expect(verifyCode(future.certificate)).toBe('CERT_NOT_YET_VALID');
  });

  it('CERT_EXPIRED for an expired intermediate CA', () => {
    const oldCa = issueCertificate(pki, {
      subject: 'Old Intermediate',
      isCa: true,
      notBefore: new Date(at.getTime() - 30 * DAY),
      notAfter: new Date(at.getTime() - DAY),
    });
    const leaf = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'leaf-of-old',
      issuer: oldCa,
      notBefore: new Date(at.getTime() - 2 * DAY),
    });
    expect(verifyCode(leaf.certificate, { intermediates: [oldCa.certificate] })).toBe('CERT_EXPIRED');
  });

  it('CERT_KEY_USAGE when keyUsage lacks the bit the usage needs', () => {
    const encOnly = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'enc-only',
      keyUsage: ['keyEncipherment'],
    });
    const sigOnly = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'sig-only',
      keyUsage: ['digitalSignature'],
    });
    const nonRep = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'nonrep-only',
      keyUsage: ['nonRepudiation', 'dataEncipherment'],
    });
    expect(verifyCode(encOnly.certificate, { usage: 'signature' })).toBe('CERT_KEY_USAGE');
    expect(verifyCode(encOnly.certificate, { usage: 'keyEncipherment' })).toBe('OK');
    expect(verifyCode(sigOnly.certificate, { usage: 'keyEncipherment' })).toBe('CERT_KEY_USAGE');
    expect(verifyCode(sigOnly.certificate, { usage: 'signature' })).toBe('OK');
    expect(verifyCode(nonRep.certificate, { usage: 'signature' })).toBe('CERT_KEY_USAGE');
    expect(verifyCode(nonRep.certificate, { usage: 'keyEncipherment' })).toBe('CERT_KEY_USAGE');
  });

  it('CERT_KEY_USAGE for a CA certificate used as a leaf (including the anchor itself)', () => {
    expect(verifyCode(pki.ca.certificate)).toBe('CERT_KEY_USAGE');
    expect(verifyCode(intermediate.certificate)).toBe('CERT_KEY_USAGE');
  });

  it('CERT_KEY_USAGE when extKeyUsage is checked and lacks the purpose', () => {
    expect(verifyCode(pki.clients[0]!.certificate, { extendedKeyUsage: 'clientAuth' })).toBe('OK');
    expect(verifyCode(pki.clients[0]!.certificate, { extendedKeyUsage: 'serverAuth' })).toBe(
      'CERT_KEY_USAGE',
    );
    expect(verifyCode(pki.server.certificate, { extendedKeyUsage: 'serverAuth' })).toBe('OK');
  });

  it('CERT_WEAK_KEY for 1024-bit RSA unless minRsaBits allows it', () => {
    const weak = issueCertificate(pki, { subject: 'weak', bits: 1024 });
    expect(verifyCode(weak.certificate)).toBe('CERT_WEAK_KEY');
    expect(verifyCode(weak.certificate, { minRsaBits: 1024 })).toBe('OK');
    expect(verifyCode(pki.clients[0]!.certificate, { minRsaBits: 3072 })).toBe('CERT_WEAK_KEY');
  });

  it('CERT_KEY_TYPE for an EC leaf', () => {
    const ec = issueCertificate(pki, { subject: 'ec', keyType: 'ec' });
    expect(ec.certificate.publicKey.asymmetricKeyType).toBe('ec');
    expect(verifyCode(ec.certificate)).toBe('CERT_KEY_TYPE');
  });

  it('CERT_UNTRUSTED for a certificate from a foreign CA with the same name, even when the CA is carried along', () => {
    const rogueCa = issueCertificate(pki, { subject: 'sksml Test CA', selfSigned: true, isCa: true });
    const victim = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'client-1', issuer: rogueCa });
    expect(verifyCode(victim.certificate)).toBe('CERT_UNTRUSTED');
    expect(verifyCode(victim.certificate, { intermediates: [rogueCa.certificate] })).toBe('CERT_UNTRUSTED');
    // Trusting the rogue CA explicitly is configuration, so then it passes: the anchors decide.
    expect(verifyCode(victim.certificate, { trustAnchors: [rogueCa.certificate] })).toBe('OK');
  });

  it('CERT_UNTRUSTED for a self-signed leaf, with a message that says so', () => {
    const self = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'client-1', selfSigned: true });
    expect(() => verifyCertificateChain(self.certificate, base)).toThrow(/self-signed/);
  });

  it('CERT_UNTRUSTED when an end-entity certificate issues another (no CA flag)', () => {
    const forged = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'forged',
      issuer: pki.clients[0]!,
    });
    expect(verifyCode(forged.certificate, { intermediates: [pki.clients[0]!.certificate] })).toBe(
      'CERT_UNTRUSTED',
    );
  });

  it('CERT_UNTRUSTED when the issuing CA lacks keyCertSign', () => {
    const noSign = issueCertificate(pki, {
      subject: 'CA without keyCertSign',
      isCa: true,
      keyUsage: ['cRLSign'],
    });
    const leaf = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'leaf-no-sign', issuer: noSign });
    expect(verifyCode(leaf.certificate, { intermediates: [noSign.certificate] })).toBe('CERT_UNTRUSTED');
  });

  it('CERT_UNTRUSTED when the intermediate is missing, the path is too long or pathLen is exceeded', () => {
    expect(verifyCode(underIntermediate.certificate)).toBe('CERT_UNTRUSTED');
    expect(
      verifyCode(underIntermediate.certificate, {
        intermediates: [intermediate.certificate],
        maxIntermediates: 0,
      }),
    ).toBe('CERT_UNTRUSTED');
    // intermediate has pathLength 0: it may not certify another CA.
    const sub = issueCertificate(pki, { subject: 'Sub CA', isCa: true, issuer: intermediate });
    const deep = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'deep', issuer: sub });
    expect(verifyCode(deep.certificate, { intermediates: [intermediate.certificate, sub.certificate] })).toBe(
      'CERT_UNTRUSTED',
    );
  });

  it('CERT_UNTRUSTED for a tampered certificate (signature no longer verifies)', () => {
    const raw = Buffer.from(pki.clients[0]!.certificate.raw);
    const serialAt = raw.indexOf(Buffer.from(pki.clients[0]!.certificate.serialNumber.slice(-8), 'hex'));
    expect(serialAt).toBeGreaterThan(0);
    raw[serialAt] = raw[serialAt]! ^ 0x01;
    const tampered = new X509Certificate(raw);
    expect(verifyCode(tampered)).toBe('CERT_UNTRUSTED');
    const sig = Buffer.from(pki.clients[1]!.certificate.raw);
    sig[sig.length - 5] = sig[sig.length - 5]! ^ 0x80;
    expect(verifyCode(new X509Certificate(sig))).toBe('CERT_UNTRUSTED');
  });

  it('CERT_UNTRUSTED for a SHA-1 signed certificate and for an unknown critical extension', () => {
    const sha1 = issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'sha1', signatureHash: 'sha1' });
    expect(verifyCode(sha1.certificate)).toBe('CERT_UNTRUSTED');
    const odd = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'odd-ext',
      extraExtensions: [{ oid: '1.3.6.1.4.1.99999.1', critical: true, value: encodeSequence() }],
    });
    expect(verifyCode(odd.certificate)).toBe('CERT_UNTRUSTED');
    const harmless = issueCertificate(pki, {
      privateKey: LEAF_KEY,
      subject: 'harmless-ext',
      extraExtensions: [{ oid: '1.3.6.1.4.1.99999.1', critical: false, value: encodeSequence() }],
    });
    expect(verifyCode(harmless.certificate)).toBe('OK');
  });

  it('refuses to run without anchors or with an invalid date', () => {
    expect(verifyCode(pki.clients[0]!.certificate, { trustAnchors: [] })).toBe('CERT_UNTRUSTED');
    expect(verifyCode(pki.clients[0]!.certificate, { at: new Date(Number.NaN) })).toBe('CERT_MALFORMED');
  });
});

describe('parseCertificate and loadTrustAnchors', () => {
  it('parses PEM and DER to the same certificate', () => {
    const c = pki.clients[0]!;
    expect(parseCertificate(c.certificatePem).fingerprint256).toBe(c.certificate.fingerprint256);
    expect(parseCertificate(new Uint8Array(c.certificate.raw)).fingerprint256).toBe(
      c.certificate.fingerprint256,
    );
  });

  it('CERT_MALFORMED for garbage, truncation, trailing bytes, two certificates or a key', () => {
    const c = pki.clients[0]!;
    expect(codeOf(() => parseCertificate('hello'))).toBe('CERT_MALFORMED');
    expect(codeOf(() => parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])))).toBe(
      'CERT_MALFORMED',
    );
    expect(codeOf(() => parseCertificate(c.certificate.raw.subarray(0, 200)))).toBe('CERT_MALFORMED');
    expect(codeOf(() => parseCertificate(Buffer.concat([c.certificate.raw, Buffer.from([0])])))).toBe(
      'CERT_MALFORMED',
    );
    expect(codeOf(() => parseCertificate(c.certificatePem + pki.ca.certificatePem))).toBe('CERT_MALFORMED');
    expect(codeOf(() => parseCertificate(c.privateKeyPem))).toBe('CERT_MALFORMED');
  });

  it('property: random bytes never parse into a certificate and never throw anything but CERT_MALFORMED', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(codeOf(() => parseCertificate(bytes))).toBe('CERT_MALFORMED');
      }),
      { numRuns: 200 },
    );
  });

  it('loads a bundle of several anchors, ignoring text between blocks', () => {
    const other = issueCertificate(pki, { subject: 'Other CA', selfSigned: true, isCa: true });
    const anchors = loadTrustAnchors(
      `# our CAs\n${pki.ca.certificatePem}\nsome comment\n${other.certificatePem}`,
    );
    expect(anchors.map((a) => a.fingerprint256)).toEqual([
      pki.ca.certificate.fingerprint256,
      other.certificate.fingerprint256,
    ]);
    expect(verifyCode(pki.clients[0]!.certificate, { trustAnchors: anchors })).toBe('OK');
  });

  it('CERT_MALFORMED for an empty bundle or one that holds a private key', () => {
    expect(codeOf(() => loadTrustAnchors(''))).toBe('CERT_MALFORMED');
    expect(codeOf(() => loadTrustAnchors(pki.ca.certificatePem + pki.ca.privateKeyPem))).toBe(
      'CERT_MALFORMED',
    );
    const broken = pki.ca.certificatePem.replace(/[A-Za-z](?=[A-Za-z0-9+/]{20})/, '!');
    expect(codeOf(() => loadTrustAnchors(broken))).toBe('CERT_MALFORMED');
    const body = pki.ca.certificatePem.split('\n').slice(1, -2).join('\n');
    expect(codeOf(() => loadTrustAnchors(`-----BEGIN CERTIFICATE-----\n${body}\n`))).toBe('CERT_MALFORMED');
    expect(
      codeOf(() => loadTrustAnchors(`-----BEGIN CERTIFICATE-----\n${body}\n-----END X509 CRL-----\n`)),
    ).toBe('CERT_MALFORMED');
    expect(codeOf(() => loadTrustAnchors('-----BEGIN CERTIFICATE-----'.repeat(20_000)))).toBe(
      'CERT_MALFORMED',
    );
    expect(
      loadTrustAnchors(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`),
    ).toHaveLength(1);
  });
});

const opensslSkip = toolSkipReason('openssl', hasTool('openssl', ['version']));
describe.skipIf(opensslSkip !== null)(`openssl agrees with the test PKI ${opensslSkip ?? ''}`, () => {
  it('openssl verify accepts the clients and server, and rejects a foreign-CA certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-chain-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), pki.ca.certificatePem);
      const run = (pem: string): number => {
        writeFileSync(join(dir, 'leaf.pem'), pem);
        return (
          spawnSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')], {
            stdio: 'ignore',
          }).status ?? -1
        );
      };
      for (const c of [...pki.clients, pki.server]) expect(run(c.certificatePem)).toBe(0);
      const rogueCa = issueCertificate(pki, { subject: 'sksml Test CA', selfSigned: true, isCa: true });
      expect(
        run(issueCertificate(pki, { privateKey: LEAF_KEY, subject: 'x', issuer: rogueCa }).certificatePem),
      ).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
