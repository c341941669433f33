import { describe, expect, it } from 'vitest';
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import { hasDesParity, isUnfitTripleDesKey } from './des-parity.ts';
import { createKeyProvider } from './key-provider-config.ts';
import { createNodeKeyProvider } from './node-key-provider.ts';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const CASES: [KeyAlgorithm, KeySize][] = [
  [`${XMLENC}aes128-cbc`, 128],
  [`${XMLENC}aes192-cbc`, 192],
  [`${XMLENC}aes256-cbc`, 256],
  [`${XMLENC}tripledes-cbc`, 192],
];

describe('node-crypto key provider', () => {
  it.each(CASES)('generates %s keys of %i bits', async (algorithm, size) => {
    const provider = createNodeKeyProvider();
    const key = await provider.generateKey(algorithm, size);
    expect(key.algorithm).toBe(algorithm);
    expect(key.sizeBits).toBe(size);
    expect(key.provider).toBe('node-crypto');
    expect(key.exportKey()).toHaveLength(size / 8);
    await provider.close();
  });

  it('gives 3DES keys odd parity and never an unfit key', async () => {
    const provider = createNodeKeyProvider();
    for (let i = 0; i < 200; i += 1) {
      const value = (await provider.generateKey(`${XMLENC}tripledes-cbc`, 192)).exportKey();
      expect(hasDesParity(value)).toBe(true);
      expect(isUnfitTripleDesKey(value)).toBe(false);
    }
  });

  it('draws different keys every time with no stuck bits', async () => {
    const provider = createNodeKeyProvider();
    const seen = new Set<string>();
    let or = 0n;
    let and = (1n << 256n) - 1n;
    for (let i = 0; i < 256; i += 1) {
      const hex = Buffer.from((await provider.generateKey(`${XMLENC}aes256-cbc`, 256)).exportKey()).toString(
        'hex',
      );
      seen.add(hex);
      or |= BigInt(`0x${hex}`);
      and &= BigInt(`0x${hex}`);
    }
    expect(seen.size).toBe(256);
    expect(or).toBe((1n << 256n) - 1n);
    expect(and).toBe(0n);
  });

  it('refuses a KeySize that does not match the algorithm (SKSML-MSG-103) and unknown algorithms', async () => {
    const provider = createNodeKeyProvider();
    await expect(provider.generateKey(`${XMLENC}aes128-cbc`, 256)).rejects.toMatchObject({
      code: 'KEY_SIZE_MISMATCH',
      requirement: 'SKSML-MSG-103',
    });
    await expect(provider.generateKey(`${XMLENC}tripledes-cbc`, 128)).rejects.toMatchObject({
      code: 'KEY_SIZE_MISMATCH',
    });
    await expect(
      provider.generateKey('http://www.w3.org/2009/xmlenc11#aes256-gcm' as KeyAlgorithm, 256),
    ).rejects.toMatchObject({ code: 'KEY_ALGORITHM_UNSUPPORTED' });
  });

  it('hands out copies, zeroes the key on dispose and refuses use afterwards', async () => {
    const provider = createNodeKeyProvider();
    const key = await provider.generateKey(`${XMLENC}aes128-cbc`, 128);
    const first = key.exportKey();
    first.fill(0);
    expect(key.exportKey().some((b) => b !== 0)).toBe(true);
    key.dispose();
    expect(() => key.exportKey()).toThrow(expect.objectContaining({ code: 'KEY_DISPOSED' }) as Error);
    await provider.close();
    await expect(provider.generateKey(`${XMLENC}aes128-cbc`, 128)).rejects.toMatchObject({
      code: 'KEY_PROVIDER_CLOSED',
    });
  });

  it('is the default of createKeyProvider and unknown kinds are refused', async () => {
    const provider = createKeyProvider();
    expect(provider.name).toBe('node-crypto');
    await provider.close();
    expect(() => createKeyProvider({ kind: 'vault' } as never)).toThrow(
      expect.objectContaining({ code: 'KEY_PROVIDER_UNKNOWN' }) as Error,
    );
  });
});
