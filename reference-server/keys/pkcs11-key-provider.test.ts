import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import { pkcs11LibraryUsers } from '../hsm/pkcs11-library.ts';
import {
  createSoftHsmFixture,
  type SoftHsmFixture,
  softHsmSkipReason,
} from '../hsm/testing/softhsm-fixture.ts';
import { hasDesParity, isUnfitTripleDesKey } from './des-parity.ts';
import { createKeyProvider } from './key-provider-config.ts';
import type { KeyProvider } from './key-provider.ts';

const skip = softHsmSkipReason();
const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const CASES: [KeyAlgorithm, KeySize][] = [
  [`${XMLENC}aes128-cbc`, 128],
  [`${XMLENC}aes192-cbc`, 192],
  [`${XMLENC}aes256-cbc`, 256],
  [`${XMLENC}tripledes-cbc`, 192],
];

describe.skipIf(skip !== null)(`PKCS#11 key provider (SoftHSM2) ${skip ?? ''}`, () => {
  let hsm: SoftHsmFixture;
  let provider: KeyProvider;

  beforeAll(() => {
    hsm = createSoftHsmFixture({ tokenLabel: 'sksml-keys' });
    provider = createKeyProvider({ kind: 'pkcs11', ...hsm.token });
  });

  afterAll(async () => {
    await provider?.close();
    hsm?.cleanup();
  });

  it('is named after its token', () => {
    expect(provider.name).toBe('pkcs11:sksml-keys');
  });

  it.each(CASES)('generates %s keys of %i bits on the token', async (algorithm, size) => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const key = await provider.generateKey(algorithm, size);
      expect(key.algorithm).toBe(algorithm);
      expect(key.sizeBits).toBe(size);
      expect(key.provider).toBe('pkcs11:sksml-keys');
      const value = key.exportKey();
      expect(value).toHaveLength(size / 8);
      if (algorithm.endsWith('tripledes-cbc')) {
        expect(hasDesParity(value)).toBe(true);
        expect(isUnfitTripleDesKey(value)).toBe(false);
      }
      seen.add(Buffer.from(value).toString('hex'));
      key.dispose();
    }
    expect(seen.size).toBe(20);
  });

  it('refuses a KeySize that does not match the algorithm', async () => {
    await expect(provider.generateKey(`${XMLENC}aes256-cbc`, 128)).rejects.toMatchObject({
      code: 'KEY_SIZE_MISMATCH',
      requirement: 'SKSML-MSG-103',
    });
  });

  it('fails closed with a clear error for a wrong PIN or an unknown token', () => {
    expect(() => createKeyProvider({ kind: 'pkcs11', ...hsm.token, pin: '000000' })).toThrow(
      expect.objectContaining({ code: 'HSM_LOGIN_FAILED' }) as Error,
    );
    expect(() => createKeyProvider({ kind: 'pkcs11', ...hsm.token, tokenLabel: 'nope' })).toThrow(
      expect.objectContaining({ code: 'HSM_TOKEN_NOT_FOUND' }) as Error,
    );
    // Failed opens release the library again; only the provider holds it.
    expect(pkcs11LibraryUsers(hsm.token.library)).toBe(1);
  });

  it('stops generating after close and releases the library', async () => {
    const second = createKeyProvider({ kind: 'pkcs11', ...hsm.token });
    expect(pkcs11LibraryUsers(hsm.token.library)).toBe(2);
    await second.close();
    await second.close();
    expect(pkcs11LibraryUsers(hsm.token.library)).toBe(1);
    await expect(second.generateKey(`${XMLENC}aes128-cbc`, 128)).rejects.toMatchObject({
      code: 'KEY_PROVIDER_CLOSED',
    });
  });
});
