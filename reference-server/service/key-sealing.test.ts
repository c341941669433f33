import { randomBytes } from 'node:crypto';
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
