import { type KeyObject, verify, type X509Certificate } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../protocol/pki/certificate-builder.ts';
import { endEntityTemplate } from '../../protocol/pki/roles.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { findObjects } from '../hsm/find-objects.ts';
import { generateTokenRsaKeyPair } from '../hsm/generate-rsa-key-pair.ts';
import { openPkcs11Session, type Pkcs11Session } from '../hsm/pkcs11-session.ts';
import { readRsaPublicKey } from '../hsm/rsa-public-key.ts';
import {
  createSoftHsmFixture,
  type SoftHsmFixture,
  softHsmSkipReason,
} from '../hsm/testing/softhsm-fixture.ts';
import { createFileSigner } from './file-signer.ts';
import { openPkcs11Signer } from './pkcs11-signer.ts';
import { openServerSigner } from './server-signer-config.ts';
import type { ServerSigner } from './server-signer.ts';

const skip = softHsmSkipReason();
const pki = createTestPki({ clients: 1 });
const ID = Uint8Array.from([0x5e, 0x01]);

function certify(publicKey: KeyObject, commonName: string): X509Certificate {
  const template = endEntityTemplate(
    'server',
    { commonName },
    new Date(Date.now() - 86_400_000),
    new Date(Date.now() + 86_400_000),
  );
  return buildCertificate(
    { ...template, subjectPublicKey: publicKey },
    { privateKey: pki.ca.privateKey, certificate: pki.ca.certificate },
  );
}

async function signBytes(signer: ServerSigner, data: Uint8Array): Promise<Buffer> {
  return Buffer.from(await signer.sign(data, 'rsa-sha256'));
}

describe.skipIf(skip !== null)(`PKCS#11 server signer (SoftHSM2) ${skip ?? ''}`, () => {
  let hsm: SoftHsmFixture;
  let admin: Pkcs11Session;
  let signer: ServerSigner;

  beforeAll(() => {
    hsm = createSoftHsmFixture({ tokenLabel: 'sksml-signing' });
    hsm.importPrivateKey(pki.server.privateKeyPem, 'server-signing', ID);
    admin = openPkcs11Session(hsm.token);
    signer = openPkcs11Signer({
      ...hsm.token,
      keyLabel: 'server-signing',
      certificate: pki.server.certificatePem,
    });
  });

  afterAll(() => {
    signer?.close();
    admin?.close();
    hsm?.cleanup();
  });

  it('signs what node:crypto verifies, byte for byte like the file signer with the same key', async () => {
    const file = createFileSigner({ privateKey: pki.server.privateKey, certificate: pki.server.certificate });
    for (const size of [0, 1, 55, 1000, 65_536]) {
      const data = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      const fromHsm = await signBytes(signer, data);
      expect(verify('sha256', data, signer.certificate.publicKey, fromHsm)).toBe(true);
      expect(
        verify('sha256', Buffer.concat([data, Buffer.of(1)]), signer.certificate.publicKey, fromHsm),
      ).toBe(false);
      expect(fromHsm.equals(await signBytes(file, data))).toBe(true);
    }
  });

  it('uses a private key that cannot leave the token', () => {
    admin.run('inspecting the signing key', (module, session) => {
      const [key] = findObjects(module, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_LABEL, value: 'server-signing' },
      ]);
      expect(key).toBeDefined();
      const [extractable, sensitive] = module.C_GetAttributeValue(session, key!, [
        { type: pkcs11js.CKA_EXTRACTABLE },
        { type: pkcs11js.CKA_SENSITIVE },
      ]);
      expect(extractable?.value[0]).toBe(0);
      expect(sensitive?.value[0]).toBe(1);
      expect(() =>
        module.C_GetAttributeValue(session, key!, [{ type: pkcs11js.CKA_PRIVATE_EXPONENT }]),
      ).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      const kek = module.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_TOKEN, value: false },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
        { type: pkcs11js.CKA_WRAP, value: true },
      ]);
      expect(() =>
        module.C_WrapKey(
          session,
          { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD },
          kek,
          key!,
          Buffer.alloc(4096),
        ),
      ).toThrow(/CKR_KEY_UNEXTRACTABLE/);
      module.C_DestroyObject(session, kek);
    });
  });

  it('works with a key pair generated on the token, found by id, never extractable', async () => {
    const id = Uint8Array.from([0x77]);
    const publicKey = generateTokenRsaKeyPair(admin, { label: 'born-in-hsm', id, modulusBits: 2048 });
    const certificate = certify(publicKey, 'sks-server-hsm');
    const hsmSigner = openServerSigner({ kind: 'pkcs11', ...hsm.token, keyId: id, certificate });
    const data = Buffer.from('<ds:SignedInfo/>');
    expect(verify('sha256', data, certificate.publicKey, await signBytes(hsmSigner, data))).toBe(true);
    hsmSigner.close();
    admin.run('inspecting the generated key', (module, session) => {
      const [key] = findObjects(module, session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(id) },
      ]);
      const [never, local] = module.C_GetAttributeValue(session, key!, [
        { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
        { type: pkcs11js.CKA_LOCAL },
      ]);
      expect(never?.value[0]).toBe(1);
      expect(local?.value[0]).toBe(1);
    });
    expect(() => generateTokenRsaKeyPair(admin, { label: 'born-in-hsm', id: Uint8Array.of(0x78) })).toThrow(
      expect.objectContaining({ code: 'HSM_KEY_AMBIGUOUS' }) as Error,
    );
  });

  it('refuses a missing key, the wrong certificate, ambiguous labels and other algorithms', () => {
    const open =
      (extra: object): (() => ServerSigner) =>
      () =>
        openPkcs11Signer({ ...hsm.token, certificate: pki.server.certificate, ...extra });
    expect(open({ keyLabel: 'absent' })).toThrow(
      expect.objectContaining({ code: 'HSM_KEY_NOT_FOUND' }) as Error,
    );
    expect(open({})).toThrow(expect.objectContaining({ code: 'HSM_KEY_NOT_FOUND' }) as Error);
    expect(open({ keyLabel: 'server-signing', certificate: pki.clients[0]!.certificate })).toThrow(
      expect.objectContaining({ code: 'SIGNING_KEY_MISMATCH' }) as Error,
    );
    hsm.importPrivateKey(pki.clients[0]!.privateKeyPem, 'twin', Uint8Array.of(0x01));
    hsm.importPrivateKey(pki.server.privateKeyPem, 'twin', Uint8Array.of(0x02));
    expect(open({ keyLabel: 'twin' })).toThrow(
      expect.objectContaining({ code: 'HSM_KEY_AMBIGUOUS' }) as Error,
    );
    const byId = open({ keyLabel: 'twin', keyId: Uint8Array.of(0x02) })();
    byId.close();
    expect(() => signer.sign(new Uint8Array(1), 'rsa-sha1' as 'rsa-sha256')).toThrow(
      expect.objectContaining({ code: 'SIGNING_ALGORITHM_UNSUPPORTED' }) as Error,
    );
  });

  it('refuses an extractable signing key unless told otherwise', async () => {
    const publicKey = admin.run('generating an extractable key pair', (module, session) => {
      const pair = module.C_GenerateKeyPair(
        session,
        { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_TOKEN, value: false },
          { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
          { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        ],
        [
          { type: pkcs11js.CKA_TOKEN, value: false },
          { type: pkcs11js.CKA_SIGN, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: true },
          { type: pkcs11js.CKA_LABEL, value: 'loose' },
        ],
      );
      return readRsaPublicKey(module, session, pair.privateKey);
    });
    const certificate = certify(publicKey, 'loose');
    expect(() => openPkcs11Signer({ ...hsm.token, keyLabel: 'loose', certificate })).toThrow(
      expect.objectContaining({ code: 'HSM_KEY_UNSUITABLE' }) as Error,
    );
    const allowed = openPkcs11Signer({
      ...hsm.token,
      keyLabel: 'loose',
      certificate,
      allowExtractableKey: true,
    });
    const data = Buffer.from('x');
    expect(verify('sha256', data, certificate.publicKey, await signBytes(allowed, data))).toBe(true);
    allowed.close();
  });

  it('fails after close', () => {
    const second = openPkcs11Signer({
      ...hsm.token,
      keyLabel: 'server-signing',
      certificate: pki.server.certificate,
    });
    second.close();
    second.close();
    expect(() => second.sign(new Uint8Array(1), 'rsa-sha256')).toThrow(
      expect.objectContaining({ code: 'HSM_CLOSED' }) as Error,
    );
  });
});
