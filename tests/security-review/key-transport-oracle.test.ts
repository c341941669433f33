/**
 * Key transport: parameter injection through EncryptionMethod, rsa-1_5 reachability, and error
 * uniformity. Finding H23-5 (low): every unwrap failure had the same code and message, but the
 * error of a failed decryption carried the OpenSSL/node-forge exception as `cause` (e.g. "oaep
 * decoding error", forge's "Encryption block is invalid.") while a length failure carried none —
 * anything that logs or forwards `cause` (the client wraps it into its own ClientError) told the
 * failures apart. Fixed: a DECRYPT_FAILED error is the same object shape for every failure.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DIGEST_SHA1,
  DIGEST_SHA256,
  type EncryptionMethod,
  MGF1_SHA1,
  MGF1_SHA256,
  RSA_1_5,
  RSA_OAEP,
  RSA_OAEP_MGF1P,
} from '../../protocol/keytransport/algorithms.ts';
import { KeyTransportError } from '../../protocol/keytransport/key-transport-error.ts';
import { unwrapKey } from '../../protocol/keytransport/unwrap-key.ts';
import { wrapKey } from '../../protocol/keytransport/wrap-key.ts';
import { reviewContext } from './support.ts';

const c = reviewContext();
const recipient = c.signer;
const other = c.pki.server; // another RSA key of the same size
const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

/** Everything an error exposes: code, message, and whether/what it carries as cause. */
function shapeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (!(e instanceof KeyTransportError)) throw e;
    const cause = (e as Error & { cause?: unknown }).cause;
    return JSON.stringify({
      code: e.code,
      message: e.message,
      ownKeys: Object.keys(e).sort(),
      cause: cause instanceof Error ? cause.message : cause === undefined ? null : typeof cause,
    });
  }
  return 'UNWRAPPED';
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof KeyTransportError) return e.code;
    throw e;
  }
  return 'UNWRAPPED';
}

describe('H23-5: unwrap failures are indistinguishable', () => {
  it('OAEP: wrong key, bad padding, ciphertext >= modulus, wrong length, wrong label: one shape', () => {
    for (const algorithm of [RSA_OAEP_MGF1P, RSA_OAEP] as const) {
      const w = wrapKey(key, recipient.certificate, algorithm);
      const flipped = Uint8Array.from(w.cipherValue);
      flipped[200] = (flipped[200] as number) ^ 0x40;
      const method: EncryptionMethod = w.encryptionMethod;
      const shapes = new Set([
        shapeOf(() => unwrapKey(w.cipherValue, method, other.privateKey)),
        shapeOf(() => unwrapKey(flipped, method, recipient.privateKey)),
        shapeOf(() =>
          unwrapKey(new Uint8Array(w.cipherValue.length).fill(0xff), method, recipient.privateKey),
        ),
        shapeOf(() => unwrapKey(new Uint8Array(w.cipherValue.length), method, recipient.privateKey)),
        shapeOf(() => unwrapKey(w.cipherValue.subarray(1), method, recipient.privateKey)),
        shapeOf(() =>
          unwrapKey(w.cipherValue, { ...method, oaepParams: Uint8Array.of(1) }, recipient.privateKey),
        ),
      ]);
      expect([...shapes], algorithm).toHaveLength(1);
      expect([...shapes][0]).toContain('KEYTRANSPORT_DECRYPT_FAILED');
    }
  });

  it('rsa-1_5 (client, legacy): bad padding through node-forge and a wrong length give that same shape', () => {
    const w = wrapKey(key, recipient.certificate, RSA_1_5, { legacy: true });
    const oaep = wrapKey(key, recipient.certificate, RSA_OAEP_MGF1P);
    const legacy = { legacy: true };
    const shapes = new Set([
      shapeOf(() => unwrapKey(w.cipherValue, w.encryptionMethod, other.privateKey, legacy)),
      shapeOf(() => unwrapKey(oaep.cipherValue, w.encryptionMethod, recipient.privateKey, legacy)),
      shapeOf(() => unwrapKey(w.cipherValue.subarray(2), w.encryptionMethod, recipient.privateKey, legacy)),
      shapeOf(() => unwrapKey(w.cipherValue, oaep.encryptionMethod, recipient.privateKey)),
    ]);
    expect([...shapes]).toHaveLength(1);
  });
});

describe('EncryptionMethod parameter injection', () => {
  const w = wrapKey(key, recipient.certificate, RSA_OAEP_MGF1P);

  it.each<[string, EncryptionMethod]>([
    [
      'mgf1p with a SHA-256 DigestMethod (would silently change the OAEP hash)',
      { algorithm: RSA_OAEP_MGF1P, digestMethod: DIGEST_SHA256 },
    ],
    ['mgf1p with an explicit MGF (the URI fixes MGF1-SHA1)', { algorithm: RSA_OAEP_MGF1P, mgf: MGF1_SHA256 }],
    [
      'xmlenc11 rsa-oaep SHA-256 with the default MGF1-SHA1 (node ties MGF1 to the OAEP hash)',
      { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA256 },
    ],
    [
      'xmlenc11 rsa-oaep SHA-1 digest with MGF1-SHA256',
      { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA1, mgf: MGF1_SHA256 },
    ],
    [
      'xmlenc11 rsa-oaep with an MGF URI in another case',
      { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA256, mgf: MGF1_SHA256.toUpperCase() },
    ],
    ['an algorithm URI with surrounding white space', { algorithm: ` ${RSA_OAEP_MGF1P} ` }],
    ['rsa-1_5 without the legacy switch', { algorithm: RSA_1_5 }],
  ])('%s is refused before any decryption', (_name, method) => {
    expect(codeOf(() => unwrapKey(w.cipherValue, method, recipient.privateKey))).toBe(
      'KEYTRANSPORT_UNSUPPORTED_ALGORITHM',
    );
  });

  it('rsa-1_5 with OAEP parameters is refused even in legacy mode (no parameter smuggling)', () => {
    for (const extra of [
      { oaepParams: new Uint8Array(0) },
      { mgf: MGF1_SHA1 },
      { digestMethod: DIGEST_SHA1 },
    ])
      expect(
        codeOf(() =>
          unwrapKey(w.cipherValue, { algorithm: RSA_1_5, ...extra }, recipient.privateKey, { legacy: true }),
        ),
      ).toBe('KEYTRANSPORT_UNSUPPORTED_ALGORITHM');
  });

  it('an OAEPparams label chosen by the sender must match exactly (no label stripping or injection)', () => {
    const label = Buffer.from('sksml-label');
    const labelled = wrapKey(key, recipient.certificate, RSA_OAEP_MGF1P, { oaepParams: label });
    expect(
      Buffer.from(unwrapKey(labelled.cipherValue, labelled.encryptionMethod, recipient.privateKey)),
    ).toEqual(Buffer.from(key));
    const { oaepParams: _dropped, ...stripped } = labelled.encryptionMethod;
    expect(codeOf(() => unwrapKey(labelled.cipherValue, stripped, recipient.privateKey))).toBe(
      'KEYTRANSPORT_DECRYPT_FAILED',
    );
    const injected = { ...w.encryptionMethod, oaepParams: label };
    expect(codeOf(() => unwrapKey(w.cipherValue, injected, recipient.privateKey))).toBe(
      'KEYTRANSPORT_DECRYPT_FAILED',
    );
  });

  it('a non-RSA or public unwrapping key is a local configuration error, not a peer-visible oracle', () => {
    const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(codeOf(() => unwrapKey(w.cipherValue, w.encryptionMethod, ec))).toBe('KEYTRANSPORT_BAD_KEY');
  });
});
