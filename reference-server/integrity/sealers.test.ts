import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHmacSealer } from './hmac-sealer.ts';
import { createRsaSealer, createRsaVerifier } from './rsa-sealer.ts';
import { decodeSeal, encodeSeal } from './seal-format.ts';

const data = new TextEncoder().encode('row bytes');

describe('HMAC-SHA256 sealer', () => {
  const key = randomBytes(32);

  it('verifies its own seals and nothing else', async () => {
    const sealer = createHmacSealer({ keyId: 'k1', key });
    const seal = await sealer.seal(data);
    expect(decodeSeal(seal)).toMatchObject({ algorithm: 'hmac-sha256', keyId: 'k1' });
    expect(await sealer.verify(data, seal)).toBe(true);
    expect(await sealer.verify(new TextEncoder().encode('row bytez'), seal)).toBe(false);
    expect(await createHmacSealer({ keyId: 'k1', key: randomBytes(32) }).verify(data, seal)).toBe(false);
    expect(await createHmacSealer({ keyId: 'k2', key }).verify(data, seal)).toBe(false);
  });

  it('rejects any single-bit change of the seal', async () => {
    const sealer = createHmacSealer({ keyId: 'k1', key });
    const seal = await sealer.seal(data);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seal.length * 8 - 1 }), async (bit) => {
        const bad = Uint8Array.from(seal);
        bad[bit >> 3]! ^= 1 << (bit & 7);
        expect(await sealer.verify(data, bad)).toBe(false);
      }),
    );
  });

  it('keeps verifying seals of rotated-out keys', async () => {
    const old = createHmacSealer({ keyId: 'old', key });
    const seal = await old.seal(data);
    const current = createHmacSealer({
      keyId: 'new',
      key: randomBytes(32),
      previousKeys: [{ keyId: 'old', key }],
    });
    expect(await current.verify(data, seal)).toBe(true);
    expect(decodeSeal(await current.seal(data))?.keyId).toBe('new');
  });

  it('refuses short keys and repeated key IDs', () => {
    expect(() => createHmacSealer({ keyId: 'k', key: randomBytes(16) })).toThrow(RangeError);
    expect(() => createHmacSealer({ keyId: 'k', key, previousKeys: [{ keyId: 'k', key }] })).toThrow(
      RangeError,
    );
  });
});

describe('HMAC-SHA256 sealer bytes', () => {
  it('seals with exactly the envelope encodeSeal makes around the HMAC (property)', async () => {
    const keyIds = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(keyIds, fc.uint8Array({ maxLength: 300 }), async (keyId, bytes) => {
        const key = randomBytes(32);
        const sealer = createHmacSealer({ keyId, key });
        const value = createHmac('sha256', key).update(bytes).digest();
        const expected = encodeSeal({ algorithm: 'hmac-sha256', keyId, value });
        // Twice: the envelope prefix is made at the first seal and reused.
        for (let i = 0; i < 2; i++) expect(await sealer.seal(bytes)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a key ID the envelope cannot carry when sealing, as before', () => {
    const sealer = createHmacSealer({ keyId: 'k'.repeat(256), key: randomBytes(32) });
    expect(() => sealer.seal(data)).toThrow(RangeError);
  });
});

describe('RSA sealer', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('signs with the private key and verifies with the public key only', async () => {
    const sealer = createRsaSealer({ keyId: 'r1', privateKey: pair.privateKey });
    const seal = await sealer.seal(data);
    const verifier = createRsaVerifier([{ keyId: 'r1', publicKey: createPublicKey(pair.privateKey) }]);
    expect(await verifier.verify(data, seal)).toBe(true);
    expect(await verifier.verify(randomBytes(8), seal)).toBe(false);
    expect(await createRsaVerifier([{ keyId: 'r2', publicKey: pair.publicKey }]).verify(data, seal)).toBe(
      false,
    );
  });

  it('does not accept an HMAC seal that claims the same key ID', async () => {
    const verifier = createRsaVerifier([{ keyId: 'r1', publicKey: pair.publicKey }]);
    const hmac = await createHmacSealer({ keyId: 'r1', key: randomBytes(32) }).seal(data);
    expect(await verifier.verify(data, hmac)).toBe(false);
  });

  it('refuses public keys as signers and small keys', () => {
    expect(() => createRsaSealer({ keyId: 'r', privateKey: pair.publicKey })).toThrow(TypeError);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() =>
      createRsaSealer({
        keyId: 'r',
        privateKey: createPrivateKey(small.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      }),
    ).toThrow(RangeError);
  });
});

describe('seal format', () => {
  it('round-trips and rejects malformed envelopes', () => {
    const seal = encodeSeal({ algorithm: 'rsa-sha256', keyId: 'ключ', value: Uint8Array.of(1, 2, 3) });
    expect(decodeSeal(seal)).toEqual({
      algorithm: 'rsa-sha256',
      keyId: 'ключ',
      value: Uint8Array.of(1, 2, 3),
    });
    expect(decodeSeal(new Uint8Array(0))).toBeNull();
    expect(decodeSeal(Uint8Array.of(0x53, 2, 1, 1, 0x61, 0))).toBeNull();
    expect(decodeSeal(Uint8Array.of(0x53, 1, 9, 1, 0x61, 0))).toBeNull();
    expect(decodeSeal(Uint8Array.of(0x53, 1, 1, 5, 0x61))).toBeNull();
    expect(() => encodeSeal({ algorithm: 'hmac-sha256', keyId: '', value: new Uint8Array(1) })).toThrow(
      RangeError,
    );
  });
});
