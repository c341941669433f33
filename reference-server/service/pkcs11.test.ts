/**
 * The server end to end with the PKCS#11 token (SoftHSM2) for both: keys generated on the token,
 * and responses signed by the server key held on the token.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSoftHsmFixture,
  softHsmSkipReason,
  type SoftHsmFixture,
} from '../hsm/testing/softhsm-fixture.ts';
import { checkNewKeyRoundTrip } from './testing/new-key-roundtrip.ts';
import { startServerFixture, type ServerFixture } from './testing/server-fixture.ts';

const skip = softHsmSkipReason();

describe.skipIf(skip !== null)(`SKS server with the PKCS#11 key provider ${skip ?? ''}`, () => {
  let hsm: SoftHsmFixture;
  let fx: ServerFixture;

  beforeAll(async () => {
    hsm = createSoftHsmFixture({ tokenLabel: 'sks-server-keys' });
    fx = await startServerFixture({
      configure: (c) => {
        if (c.credentials.kind !== 'file') throw new Error('the embedded default signs with a key file');
        hsm.importPrivateKey(readFileSync(c.credentials.privateKey, 'utf8'), 'sks-signing', Uint8Array.of(7));
        const token = {
          module: hsm.token.library,
          tokenLabel: hsm.token.tokenLabel,
          pinEnv: 'SKSML_TEST_PIN',
        };
        return {
          ...c,
          keyProvider: { kind: 'pkcs11', ...token },
          credentials: {
            kind: 'hsm',
            certificate: c.credentials.certificate,
            hsm: { ...token, keyLabel: 'sks-signing' },
          },
        };
      },
      deps: { env: { ...process.env, SKSML_TEST_PIN: hsm.token.pin } },
    });
  });
  afterAll(async () => {
    await fx?.cleanup();
    hsm?.cleanup();
  });

  it('creates keys on the token, signs with the token key, stores, serves again and audits', async () => {
    expect(fx.server.services.keyProvider.name).toBe('pkcs11:sks-server-keys');
    expect(fx.config.credentials.kind).toBe('hsm');
    await checkNewKeyRoundTrip(fx);
  });
});
