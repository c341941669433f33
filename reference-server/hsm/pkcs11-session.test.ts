import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkcs11LibraryUsers } from './pkcs11-library.ts';
import { openPkcs11Session } from './pkcs11-session.ts';
import { createSoftHsmFixture, type SoftHsmFixture, softHsmSkipReason } from './testing/softhsm-fixture.ts';

const skip = softHsmSkipReason();

describe.skipIf(skip !== null)(`PKCS#11 sessions (SoftHSM2) ${skip ?? ''}`, () => {
  let hsm: SoftHsmFixture;

  beforeAll(() => {
    hsm = createSoftHsmFixture({ tokenLabel: 'primary' });
    hsm.initToken('secondary');
    hsm.initToken('twin');
    hsm.initToken('twin');
  });

  afterAll(() => hsm?.cleanup());

  it('sets a private SOFTHSM2_CONF', () => {
    expect(process.env.SOFTHSM2_CONF).toBe(hsm.configPath);
  });

  it('refuses a wrong PIN, before and after another session has logged in', () => {
    expect(() => openPkcs11Session({ ...hsm.token, pin: '999999' })).toThrow(
      expect.objectContaining({ code: 'HSM_LOGIN_FAILED' }) as Error,
    );
    const good = openPkcs11Session(hsm.token);
    // The token would answer CKR_USER_ALREADY_LOGGED_IN without checking this PIN.
    expect(() => openPkcs11Session({ ...hsm.token, pin: '999999' })).toThrow(
      expect.objectContaining({ code: 'HSM_LOGIN_FAILED' }) as Error,
    );
    const second = openPkcs11Session(hsm.token);
    expect(pkcs11LibraryUsers(hsm.token.library)).toBe(2);
    second.close();
    good.close();
    expect(pkcs11LibraryUsers(hsm.token.library)).toBe(0);
  });

  it('finds the token by label among several, and refuses unknown and duplicate labels', () => {
    const secondary = openPkcs11Session({ ...hsm.token, tokenLabel: 'secondary' });
    const label = secondary.run('reading the token info', (module, session) =>
      module.C_GetTokenInfo(module.C_GetSessionInfo(session).slotID).label.trim(),
    );
    expect(label).toBe('secondary');
    expect(() => openPkcs11Session({ ...hsm.token, tokenLabel: 'missing' })).toThrow(
      expect.objectContaining({
        code: 'HSM_TOKEN_NOT_FOUND',
        message: 'no PKCS#11 token is labelled "missing"',
      }) as Error,
    );
    expect(() => openPkcs11Session({ ...hsm.token, tokenLabel: 'twin' })).toThrow(
      expect.objectContaining({
        code: 'HSM_TOKEN_NOT_FOUND',
        message: expect.stringContaining('2 PKCS#11 tokens') as string,
      }) as Error,
    );
    secondary.close();
    expect(pkcs11LibraryUsers(hsm.token.library)).toBe(0);
  });

  it('refuses use after close, and a library that does not load', () => {
    const session = openPkcs11Session(hsm.token);
    session.close();
    session.close();
    expect(() => session.run('anything', () => 1)).toThrow(
      expect.objectContaining({ code: 'HSM_CLOSED' }) as Error,
    );
    expect(() => openPkcs11Session({ ...hsm.token, library: '/nonexistent/libpkcs11.so' })).toThrow(
      expect.objectContaining({ code: 'HSM_LIBRARY_UNAVAILABLE' }) as Error,
    );
  });

  it('turns Cryptoki failures into HsmError without leaking the PIN', () => {
    const session = openPkcs11Session(hsm.token);
    try {
      expect(() =>
        session.run('destroying a bogus object', (module, handle) =>
          module.C_DestroyObject(handle, Buffer.alloc(8, 0x7f)),
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'HSM_OPERATION_FAILED',
          message: expect.stringMatching(/^destroying a bogus object failed: CKR_/) as string,
        }) as Error,
      );
    } finally {
      session.close();
    }
    let thrown: unknown;
    try {
      openPkcs11Session({ ...hsm.token, pin: 'secret-pin-value' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'HSM_LOGIN_FAILED' });
    expect(JSON.stringify(thrown) + String(thrown)).not.toContain('secret-pin-value');
  });
});
