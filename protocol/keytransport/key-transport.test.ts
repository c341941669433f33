import { spawnSync } from 'node:child_process';
import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import { createTestPki } from '../testkit/pki.ts';
import {
  DIGEST_SHA1,
  DIGEST_SHA256,
  type EncryptionMethod,
  type KeyTransportAlgorithm,
  MGF1_SHA1,
  MGF1_SHA256,
  RSA_1_5,
  RSA_OAEP,
  RSA_OAEP_MGF1P,
} from './algorithms.ts';
import { checkKeyLength } from './check-key-length.ts';
import { KeyTransportError } from './key-transport-error.ts';
import { unwrapKey } from './unwrap-key.ts';
import { wrapKey } from './wrap-key.ts';

const pki = createTestPki();
const alice = pki.clients[0]!;
const bob = pki.clients[1]!;
const ALGORITHMS: readonly KeyTransportAlgorithm[] = [RSA_OAEP_MGF1P, RSA_OAEP, RSA_1_5];
const legacyFor = (a: string): { legacy: boolean } => ({ legacy: a === RSA_1_5 });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyTransportError) return e.code;
    throw e;
  }
  return 'OK';
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

function forgePublic(key: KeyObject): forge.pki.rsa.PublicKey {
  return forge.pki.publicKeyFromPem(key.export({ type: 'spki', format: 'pem' }).toString());
}
function forgePrivate(key: KeyObject): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(key.export({ type: 'pkcs8', format: 'pem' }).toString());
}
const bin = (b: Uint8Array): string => Buffer.from(b).toString('binary');

describe('wrapKey / unwrapKey round trips', () => {
  for (const algorithm of ALGORITHMS) {
    for (const bits of [128, 192, 256]) {
      it(`${algorithm.split('#')[1]!} with a ${bits}-bit key (property: random keys)`, () => {
        fc.assert(
          fc.property(fc.uint8Array({ minLength: bits / 8, maxLength: bits / 8 }), (key) => {
            const w = wrapKey(key, alice.certificate, algorithm, legacyFor(algorithm));
            expect(w.encryptionMethod.algorithm).toBe(algorithm);
            expect(w.cipherValue).toHaveLength(256);
            const back = unwrapKey(w.cipherValue, w.encryptionMethod, alice.privateKey, legacyFor(algorithm));
            expect(Buffer.from(back)).toEqual(Buffer.from(key));
            checkKeyLength(back, bits);
          }),
          { numRuns: 5 },
        );
      });
    }
  }

  it('is randomised: wrapping the same key twice gives different ciphertexts', () => {
    const key = randomBytes(32);
    for (const a of ALGORITHMS) {
      const c1 = wrapKey(key, alice.certificate, a, legacyFor(a)).cipherValue;
      const c2 = wrapKey(key, alice.certificate, a, legacyFor(a)).cipherValue;
      expect(Buffer.from(c1).equals(Buffer.from(c2))).toBe(false);
    }
  });

  it('defaults to rsa-oaep-mgf1p and names the parameters it used', () => {
    const key = randomBytes(16);
    expect(wrapKey(key, alice.certificate).encryptionMethod).toEqual({
      algorithm: RSA_OAEP_MGF1P,
      digestMethod: DIGEST_SHA1,
    });
    expect(wrapKey(key, alice.certificate, RSA_OAEP).encryptionMethod).toEqual({
      algorithm: RSA_OAEP,
      digestMethod: DIGEST_SHA256,
      mgf: MGF1_SHA256,
    });
    expect(wrapKey(key, alice.certificate, RSA_1_5, { legacy: true }).encryptionMethod).toEqual({
      algorithm: RSA_1_5,
    });
  });

  it('accepts a certificate, a public KeyObject or a private KeyObject as recipient', () => {
    const key = randomBytes(24);
    for (const recipient of [alice.certificate, alice.certificate.publicKey, alice.privateKey]) {
      const w = wrapKey(key, recipient);
      expect(Buffer.from(unwrapKey(w.cipherValue, w.encryptionMethod, alice.privateKey))).toEqual(key);
    }
  });

  it('OAEPparams (label) round-trip, and a different or missing label fails', () => {
    const key = randomBytes(32);
    const label = Buffer.from('sksml-label');
    for (const a of [RSA_OAEP_MGF1P, RSA_OAEP] as const) {
      const w = wrapKey(key, alice.certificate, a, { oaepParams: label });
      expect(Buffer.from(w.encryptionMethod.oaepParams!)).toEqual(label);
      expect(Buffer.from(unwrapKey(w.cipherValue, w.encryptionMethod, alice.privateKey))).toEqual(key);
      const other: EncryptionMethod = { ...w.encryptionMethod, oaepParams: Buffer.from('other') };
      const none: EncryptionMethod = { ...w.encryptionMethod, oaepParams: undefined };
      expect(codeOf(() => unwrapKey(w.cipherValue, other, alice.privateKey))).toBe(
        'KEYTRANSPORT_DECRYPT_FAILED',
      );
      expect(codeOf(() => unwrapKey(w.cipherValue, none, alice.privateKey))).toBe(
        'KEYTRANSPORT_DECRYPT_FAILED',
      );
    }
  });
});

describe('interoperability with an independent implementation (node-forge)', () => {
  const key = randomBytes(32);

  it('forge decrypts what we wrap', () => {
    const priv = forgePrivate(alice.privateKey);
    const oaep1 = wrapKey(key, alice.certificate, RSA_OAEP_MGF1P).cipherValue;
    expect(
      priv.decrypt(bin(oaep1), 'RSA-OAEP', {
        md: forge.md.sha1.create(),
        mgf1: { md: forge.md.sha1.create() },
      }),
    ).toBe(bin(key));
    const oaep256 = wrapKey(key, alice.certificate, RSA_OAEP).cipherValue;
    expect(
      priv.decrypt(bin(oaep256), 'RSA-OAEP', {
        md: forge.md.sha256.create(),
        mgf1: { md: forge.md.sha256.create() },
      }),
    ).toBe(bin(key));
    const pkcs1 = wrapKey(key, alice.certificate, RSA_1_5, { legacy: true }).cipherValue;
    expect(priv.decrypt(bin(pkcs1), 'RSAES-PKCS1-V1_5')).toBe(bin(key));
  });

  it('we unwrap what forge encrypts, including xmlenc11 rsa-oaep with its SHA-1 defaults', () => {
    const pub = forgePublic(alice.certificate.publicKey);
    const enc = (scheme: 'RSA-OAEP' | 'RSAES-PKCS1-V1_5', md?: 'sha1' | 'sha256'): Uint8Array =>
      Buffer.from(
        md === undefined
          ? pub.encrypt(bin(key), scheme)
          : pub.encrypt(bin(key), scheme, { md: forge.md[md].create(), mgf1: { md: forge.md[md].create() } }),
        'binary',
      );
    const cases: [Uint8Array, EncryptionMethod, boolean][] = [
      [enc('RSA-OAEP', 'sha1'), { algorithm: RSA_OAEP_MGF1P }, false],
      [enc('RSA-OAEP', 'sha1'), { algorithm: RSA_OAEP }, false],
      [enc('RSA-OAEP', 'sha1'), { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA1, mgf: MGF1_SHA1 }, false],
      [
        enc('RSA-OAEP', 'sha256'),
        { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA256, mgf: MGF1_SHA256 },
        false,
      ],
      [enc('RSAES-PKCS1-V1_5'), { algorithm: RSA_1_5 }, true],
    ];
    for (const [cipher, method, legacy] of cases) {
      expect(Buffer.from(unwrapKey(cipher, method, alice.privateKey, { legacy }))).toEqual(key);
    }
  });
});

describe('failures', () => {
  const key = randomBytes(32);

  it('rsa-1_5 needs { legacy: true } both to wrap and to unwrap', () => {
    expect(codeOf(() => wrapKey(key, alice.certificate, RSA_1_5))).toBe('KEYTRANSPORT_UNSUPPORTED_ALGORITHM');
    const w = wrapKey(key, alice.certificate, RSA_1_5, { legacy: true });
    expect(codeOf(() => unwrapKey(w.cipherValue, w.encryptionMethod, alice.privateKey))).toBe(
      'KEYTRANSPORT_UNSUPPORTED_ALGORITHM',
    );
  });

  it('unsupported algorithm URIs and parameter combinations are refused before any decryption', () => {
    const w = wrapKey(key, alice.certificate);
    const refused: EncryptionMethod[] = [
      { algorithm: 'http://www.w3.org/2001/04/xmlenc#kw-aes256' },
      { algorithm: 'http://www.w3.org/2001/04/xmlenc#RSA-OAEP-MGF1P' },
      { algorithm: '' },
      { algorithm: RSA_OAEP_MGF1P, digestMethod: DIGEST_SHA256 },
      { algorithm: RSA_OAEP_MGF1P, mgf: MGF1_SHA1 },
      { algorithm: RSA_OAEP, digestMethod: 'http://www.w3.org/2001/04/xmlenc#sha512', mgf: MGF1_SHA256 },
      { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA256, mgf: MGF1_SHA1 },
      { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA256 },
      { algorithm: RSA_1_5, digestMethod: DIGEST_SHA1 },
    ];
    for (const m of refused) {
      expect(codeOf(() => unwrapKey(w.cipherValue, m, alice.privateKey, { legacy: true }))).toBe(
        'KEYTRANSPORT_UNSUPPORTED_ALGORITHM',
      );
    }
    const bogus = 'http://example.com/not-an-algorithm' as KeyTransportAlgorithm;
    expect(codeOf(() => wrapKey(key, alice.certificate, bogus))).toBe('KEYTRANSPORT_UNSUPPORTED_ALGORITHM');
  });

  it('property: any tampered OAEP ciphertext fails with the same error', () => {
    for (const a of [RSA_OAEP_MGF1P, RSA_OAEP] as const) {
      const w = wrapKey(key, alice.certificate, a);
      fc.assert(
        fc.property(fc.nat({ max: 255 }), fc.integer({ min: 1, max: 255 }), (index, xor) => {
          const bad = Uint8Array.from(w.cipherValue);
          bad[index] = bad[index]! ^ xor;
          expect(codeOf(() => unwrapKey(bad, w.encryptionMethod, alice.privateKey))).toBe(
            'KEYTRANSPORT_DECRYPT_FAILED',
          );
        }),
        { numRuns: 25 },
      );
    }
  });

  it('a tampered rsa-1_5 ciphertext never yields the original key', () => {
    const w = wrapKey(key, alice.certificate, RSA_1_5, { legacy: true });
    fc.assert(
      fc.property(fc.nat({ max: 255 }), fc.integer({ min: 1, max: 255 }), (index, xor) => {
        const bad = Uint8Array.from(w.cipherValue);
        bad[index] = bad[index]! ^ xor;
        let out: Uint8Array | undefined;
        try {
          out = unwrapKey(bad, w.encryptionMethod, alice.privateKey, { legacy: true });
        } catch (e) {
          expect((e as KeyTransportError).code).toBe('KEYTRANSPORT_DECRYPT_FAILED');
        }
        if (out !== undefined) expect(Buffer.from(out).equals(key)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('the wrong private key, a truncated or oversized ciphertext: same code, same message as tampering', () => {
    const w = wrapKey(key, alice.certificate, RSA_OAEP);
    const tampered = Uint8Array.from(w.cipherValue);
    tampered[10] = tampered[10]! ^ 1;
    const attempts = [
      () => unwrapKey(w.cipherValue, w.encryptionMethod, bob.privateKey),
      () => unwrapKey(tampered, w.encryptionMethod, alice.privateKey),
      () => unwrapKey(w.cipherValue.subarray(1), w.encryptionMethod, alice.privateKey),
      () => unwrapKey(Buffer.concat([w.cipherValue, Buffer.of(0)]), w.encryptionMethod, alice.privateKey),
      () => unwrapKey(new Uint8Array(0), w.encryptionMethod, alice.privateKey),
    ];
    const messages = new Set(attempts.map(messageOf));
    expect(attempts.map(codeOf)).toEqual(attempts.map(() => 'KEYTRANSPORT_DECRYPT_FAILED'));
    expect(messages.size).toBe(1);
    const legacy = wrapKey(key, alice.certificate, RSA_1_5, { legacy: true });
    expect(
      messageOf(() =>
        unwrapKey(legacy.cipherValue, legacy.encryptionMethod, bob.privateKey, { legacy: true }),
      ),
    ).toBe([...messages][0]);
  });

  it('error messages never contain the key', () => {
    const w = wrapKey(key, alice.certificate);
    const msgs = [
      messageOf(() => unwrapKey(w.cipherValue, w.encryptionMethod, bob.privateKey)),
      messageOf(() => checkKeyLength(key, 128)),
    ];
    for (const m of msgs) {
      expect(m).not.toContain(key.toString('hex'));
      expect(m).not.toContain(key.toString('base64'));
    }
  });

  it('refuses non-RSA, small or secret recipient keys and non-private unwrapping keys', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(codeOf(() => wrapKey(key, ec.publicKey))).toBe('KEYTRANSPORT_BAD_KEY');
    expect(codeOf(() => wrapKey(key, small.publicKey))).toBe('KEYTRANSPORT_BAD_KEY');
    expect(codeOf(() => wrapKey(key, createSecretKey(randomBytes(32))))).toBe('KEYTRANSPORT_BAD_KEY');
    const w = wrapKey(key, small.publicKey, RSA_1_5, { legacy: true, minRsaBits: 1024 });
    expect(
      Buffer.from(unwrapKey(w.cipherValue, w.encryptionMethod, small.privateKey, { legacy: true })),
    ).toEqual(key);
    expect(
      codeOf(() => unwrapKey(w.cipherValue, w.encryptionMethod, small.publicKey, { legacy: true })),
    ).toBe('KEYTRANSPORT_BAD_KEY');
    expect(codeOf(() => unwrapKey(w.cipherValue, w.encryptionMethod, ec.privateKey, { legacy: true }))).toBe(
      'KEYTRANSPORT_BAD_KEY',
    );
  });

  it('refuses empty or oversized keys to wrap', () => {
    expect(codeOf(() => wrapKey(new Uint8Array(0), alice.certificate))).toBe('KEYTRANSPORT_KEY_LENGTH');
    expect(codeOf(() => wrapKey(randomBytes(65), alice.certificate))).toBe('KEYTRANSPORT_KEY_LENGTH');
    expect(codeOf(() => wrapKey(randomBytes(64), alice.certificate, RSA_OAEP))).toBe('OK');
  });
});

describe('checkKeyLength', () => {
  it('accepts exactly KeySize bits and refuses everything else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 48 }), fc.constantFrom(128, 192, 256), (len, bits) => {
        const expected = len * 8 === bits ? 'OK' : 'KEYTRANSPORT_KEY_LENGTH';
        expect(codeOf(() => checkKeyLength(new Uint8Array(len), bits))).toBe(expected);
      }),
    );
    for (const bits of [0, -128, 100, 128.5, Number.NaN]) {
      expect(codeOf(() => checkKeyLength(new Uint8Array(16), bits))).toBe('KEYTRANSPORT_KEY_LENGTH');
    }
  });
});

const opensslSkip = toolSkipReason('openssl', hasTool('openssl', ['version']));
describe.skipIf(opensslSkip !== null)(`openssl pkeyutl decrypts what we wrap ${opensslSkip ?? ''}`, () => {
  it('rsa-oaep-mgf1p, xmlenc11 rsa-oaep (SHA-256) and rsa-1_5', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-kt-'));
    try {
      writeFileSync(join(dir, 'key.pem'), alice.privateKeyPem, { mode: 0o600 });
      const key = randomBytes(32);
      const cases: [KeyTransportAlgorithm, string[]][] = [
        [
          RSA_OAEP_MGF1P,
          [
            '-pkeyopt',
            'rsa_padding_mode:oaep',
            '-pkeyopt',
            'rsa_oaep_md:sha1',
            '-pkeyopt',
            'rsa_mgf1_md:sha1',
          ],
        ],
        [
          RSA_OAEP,
          [
            '-pkeyopt',
            'rsa_padding_mode:oaep',
            '-pkeyopt',
            'rsa_oaep_md:sha256',
            '-pkeyopt',
            'rsa_mgf1_md:sha256',
          ],
        ],
        [RSA_1_5, ['-pkeyopt', 'rsa_padding_mode:pkcs1']],
      ];
      for (const [algorithm, opts] of cases) {
        const w = wrapKey(key, alice.certificate, algorithm, legacyFor(algorithm));
        writeFileSync(join(dir, 'in.bin'), w.cipherValue);
        const r = spawnSync('openssl', [
          'pkeyutl',
          '-decrypt',
          '-inkey',
          join(dir, 'key.pem'),
          '-in',
          join(dir, 'in.bin'),
          ...opts,
        ]);
        expect(r.status, String(r.stderr)).toBe(0);
        expect(Buffer.from(r.stdout).equals(key)).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
