import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeySealer } from './key-sealing.ts';

const binding = {
  globalKeyId: { domainId: 32473n, serverId: 1n, keyId: 7n },
  algorithm: 'aes256',
  keySize: 256,
};

describe('key sealing at rest', () => {
  it('opens what it sealed, for the same binding only', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 32 }),
        fc.bigInt({ min: 1n, max: 1000n }),
        (value, keyId) => {
          const sealer = createKeySealer({ keyId: 'k1', key: randomBytes(32) });
          const b = { ...binding, globalKeyId: { ...binding.globalKeyId, keyId } };
          const blob = sealer.seal(value, b);
          expect(sealer.unseal(blob, b)).toEqual(value);
          expect(Buffer.from(blob).includes(Buffer.from(value))).toBe(false);
          expect(() =>
            sealer.unseal(blob, { ...b, globalKeyId: { ...b.globalKeyId, keyId: keyId + 1n } }),
          ).toThrow(expect.objectContaining({ code: 'KEY_SEAL_INVALID' }));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses a flipped bit, a wrong key, and unknown formats', () => {
    const secret = { keyId: 'k1', key: randomBytes(32) };
    const sealer = createKeySealer(secret);
    const blob = sealer.seal(new Uint8Array(32).fill(7), binding);
    const flipped = Uint8Array.from(blob);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => sealer.unseal(flipped, binding)).toThrow(
      expect.objectContaining({ code: 'KEY_SEAL_INVALID' }),
    );
    expect(() => createKeySealer({ keyId: 'k1', key: randomBytes(32) }).unseal(blob, binding)).toThrow();
    expect(() => sealer.unseal(new Uint8Array([1, 2, 3]), binding)).toThrow();
  });

  it('still opens blobs of a previous sealing key after rotation', () => {
    const old = { keyId: 'k1', key: randomBytes(32) };
    const blob = createKeySealer(old).seal(new Uint8Array(16).fill(1), binding);
    const rotated = createKeySealer({ keyId: 'k2', key: randomBytes(32) }, [old]);
    expect(rotated.unseal(blob, binding)).toEqual(new Uint8Array(16).fill(1));
  });
});

describe('key sealing: blob layout and IVs', () => {
  it('writes header || iv || tag || ciphertext, which a plain AES-256-GCM decipher opens', () => {
    const secret = { keyId: 'k7', key: randomBytes(32) };
    const sealer = createKeySealer(secret);
    const kek = Buffer.from(
      hkdfSync('sha256', secret.key, Buffer.alloc(0), 'sksml key-at-rest encryption key v1', 32),
    );
    const header = Buffer.from('sksml-key-seal/1\0k7\0', 'utf8');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (value) => {
        const blob = Buffer.from(sealer.seal(value, binding));
        expect(blob.subarray(0, header.length)).toEqual(header);
        const iv = blob.subarray(header.length, header.length + 12);
        const tag = blob.subarray(header.length + 12, header.length + 28);
        const decipher = createDecipheriv('aes-256-gcm', kek, iv);
        decipher.setAAD(Buffer.from('sksml-key-seal/1\n32473-1-7\naes256\n256', 'utf8'));
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(blob.subarray(header.length + 28)), decipher.final()]);
        expect(new Uint8Array(plain)).toEqual(value);
        expect(blob.length).toBe(header.length + 28 + value.length);
      }),
      { numRuns: 30 },
    );
  });

  it('never hands out the same IV twice, across refills of the IV block', () => {
    const sealer = createKeySealer({ keyId: 'k1', key: randomBytes(32) });
    const start = Buffer.byteLength('sksml-key-seal/1\0k1\0');
    const seen = new Set<string>();
    const value = new Uint8Array(16);
    for (let i = 0; i < 700; i += 1) {
      const iv = Buffer.from(sealer.seal(value, binding).subarray(start, start + 12)).toString('hex');
      expect(iv).not.toBe('0'.repeat(24));
      seen.add(iv);
    }
    expect(seen.size).toBe(700);
  });
});
