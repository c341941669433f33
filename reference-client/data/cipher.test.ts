import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AES256_CBC,
  AES256_GCM,
  DATA_ALGORITHM_URIS,
  GCM_TAG_BYTES,
  chooseDataAlgorithm,
  dataAlgorithmOf,
  keyAlgorithmSatisfiedBy,
  type DataAlgorithm,
} from './algorithms.ts';
import { decryptOctets, encryptOctets } from './cipher.ts';
import { DataEncryptionError } from './data-error.ts';

const algorithms: DataAlgorithm[] = DATA_ALGORITHM_URIS.map((u) => dataAlgorithmOf(u)!);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DataEncryptionError ? e.code : 'other';
  }
}

describe('encryptOctets / decryptOctets', () => {
  it.each(algorithms.map((a) => [a.uri, a] as const))('round-trips any data with %s', (_uri, algorithm) => {
    const key = new Uint8Array(randomBytes(algorithm.keyBytes));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (data) => {
        const cv = encryptOctets(algorithm, key, data);
        const overhead = algorithm.mode === 'gcm' ? algorithm.ivBytes + GCM_TAG_BYTES : algorithm.ivBytes;
        if (algorithm.mode === 'gcm') expect(cv.length).toBe(data.length + overhead);
        else expect((cv.length - overhead) % algorithm.blockBytes).toBe(0);
        expect(Buffer.from(decryptOctets(algorithm, key, cv)).equals(Buffer.from(data))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('uses a fresh IV for every encryption', () => {
    const a = dataAlgorithmOf(AES256_GCM)!;
    const key = new Uint8Array(32);
    const x = encryptOctets(a, key, new Uint8Array(16));
    const y = encryptOctets(a, key, new Uint8Array(16));
    expect(Buffer.from(x.subarray(0, 12)).equals(Buffer.from(y.subarray(0, 12)))).toBe(false);
  });

  it('refuses any altered GCM byte (IV, ciphertext, tag) and a wrong key, with one code', () => {
    const a = dataAlgorithmOf(AES256_GCM)!;
    const key = new Uint8Array(randomBytes(32));
    const cv = encryptOctets(a, key, new TextEncoder().encode('attack at dawn'));
    fc.assert(
      fc.property(fc.nat({ max: cv.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, flip) => {
        const altered = Uint8Array.from(cv);
        altered[index]! ^= flip;
        expect(codeOf(() => decryptOctets(a, key, altered))).toBe('DATA_DECRYPT_FAILED');
      }),
    );
    expect(codeOf(() => decryptOctets(a, new Uint8Array(randomBytes(32)), cv))).toBe('DATA_DECRYPT_FAILED');
    expect(codeOf(() => decryptOctets(a, key, cv.subarray(0, 27)))).toBe('DATA_DECRYPT_FAILED');
  });

  it('checks CBC padding: last octet 1..block accepted whatever the other padding octets, else refused', () => {
    const a = dataAlgorithmOf(AES256_CBC)!;
    const key = new Uint8Array(randomBytes(32));
    const iv = randomBytes(16);
    const raw = (block: Uint8Array): Uint8Array => {
      const c = createCipheriv('aes-256-cbc', key, iv);
      c.setAutoPadding(false);
      return Buffer.concat([iv, c.update(block), c.final()]);
    };
    // XML Encryption padding with arbitrary filler octets: 13 data octets, 3 padding, last = 3.
    const randomFill = Uint8Array.from([...new TextEncoder().encode('thirteen byte'), 0xaa, 0x55, 3]);
    expect(new TextDecoder().decode(decryptOctets(a, key, raw(randomFill)))).toBe('thirteen byte');
    const full = new Uint8Array(16).fill(16);
    expect(decryptOctets(a, key, raw(full))).toHaveLength(0);
    for (const last of [0, 17, 255]) {
      const bad = new Uint8Array(16).fill(1);
      bad[15] = last;
      expect(codeOf(() => decryptOctets(a, key, raw(bad)))).toBe('DATA_DECRYPT_FAILED');
    }
    expect(codeOf(() => decryptOctets(a, key, iv))).toBe('DATA_DECRYPT_FAILED'); // no block
    expect(codeOf(() => decryptOctets(a, key, raw(full).subarray(0, 31)))).toBe('DATA_DECRYPT_FAILED');
  });

  it('refuses a key of the wrong length', () => {
    const a = dataAlgorithmOf(AES256_GCM)!;
    expect(codeOf(() => encryptOctets(a, new Uint8Array(16), new Uint8Array(1)))).toBe('DATA_BAD_ARGUMENT');
  });
});

describe('algorithm choice', () => {
  it('maps each CBC KeyAlgorithm to GCM of the same size, or itself in strict mode', () => {
    expect(chooseDataAlgorithm('http://www.w3.org/2001/04/xmlenc#aes128-cbc', false)?.cipher).toBe(
      'aes-128-gcm',
    );
    expect(chooseDataAlgorithm('http://www.w3.org/2001/04/xmlenc#aes192-cbc', false)?.cipher).toBe(
      'aes-192-gcm',
    );
    expect(chooseDataAlgorithm(AES256_CBC, false)?.uri).toBe(AES256_GCM);
    expect(chooseDataAlgorithm(AES256_CBC, true)?.uri).toBe(AES256_CBC);
    expect(chooseDataAlgorithm('http://www.w3.org/2001/04/xmlenc#tripledes-cbc', false)).toBeUndefined();
    expect(chooseDataAlgorithm('http://www.w3.org/2001/04/xmlenc#tripledes-cbc', true)?.cipher).toBe(
      'des-ede3-cbc',
    );
  });

  it('reads GCM as satisfying the CBC KeyAlgorithm of the same size, except in strict mode', () => {
    expect(keyAlgorithmSatisfiedBy(AES256_GCM, false)).toBe(AES256_CBC);
    expect(keyAlgorithmSatisfiedBy(AES256_GCM, true)).toBe(AES256_GCM);
    expect(keyAlgorithmSatisfiedBy(AES256_CBC, true)).toBe(AES256_CBC);
    expect(keyAlgorithmSatisfiedBy('urn:x', false)).toBe('urn:x');
  });
});
