/**
 * Who gets which key: owner and group rules, deactivated clients, X509EncryptionCertificate, and
 * the KeyCachePolicy and SOAP 1.1 paths, against one server (app.fetch).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { SksmlMessage } from '../../protocol/model/message.ts';
import type { SymkeyResponse } from '../../protocol/model/symkey-response.ts';
import { generatePrivateKey, issueCredential, type PkiCredential } from '../../protocol/pki/credential.ts';
import { endEntityTemplate } from '../../protocol/pki/roles.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import {
  buildSignedRequest,
  readAnswer,
  startServerFixture,
  unwrapSymkey,
  type ServerAnswer,
  type ServerFixture,
  type TestClient,
} from './testing/server-fixture.ts';

let fx: ServerFixture;
let alice: TestClient;
let bob: TestClient;
let carol: TestClient;

const sentinel: GlobalKeyID = { domainId: 32473n, serverId: 0n, keyId: 0n };

function keys(ids: GlobalKeyID[], extra: { keyClasses?: string[]; cert?: Uint8Array } = {}): SksmlMessage {
  return {
    type: 'SymkeyRequest',
    message: {
      kind: 'keys',
      globalKeyIds: ids,
      ...(extra.keyClasses === undefined ? {} : { keyClasses: extra.keyClasses }),
      ...(extra.cert === undefined ? {} : { x509EncryptionCertificate: extra.cert }),
    },
  };
}

async function send(
  credential: PkiCredential,
  message: SksmlMessage,
  version: '1.1' | '1.2' = '1.2',
): Promise<ServerAnswer> {
  return readAnswer(
    await fx.server.app.fetch(buildSignedRequest(credential, message, { version })),
    fx.trustAnchors,
  );
}

async function symkeys(credential: PkiCredential, message: SksmlMessage): Promise<SymkeyResponse> {
  const answer = await send(credential, message);
  if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse')
    throw new Error(answer.text.slice(0, 300));
  return answer.message.message;
}

beforeAll(async () => {
  fx = await startServerFixture({
    configure: (c) => ({
      ...c,
      authorization: {
        mode: 'owner-or-group',
        groups: new Map([['payroll', [{ kind: 'subject', subject: 'CN=carol, O=sksml development' }]]]),
      },
    }),
  });
  alice = await fx.addClient('alice', { groups: ['payroll'] });
  bob = await fx.addClient('bob');
  carol = await fx.addClient('carol');
});
afterAll(async () => {
  await fx?.cleanup();
});

describe('authorization of existing keys', () => {
  it('serves the owner, refuses another client, and serves a client of the owner’s group', async () => {
    const created = (await symkeys(alice.credential, keys([sentinel]))).symkeys[0]!;
    const value = unwrapSymkey(created, alice.credential.privateKey);

    const asBob = await symkeys(bob.credential, keys([created.globalKeyId]));
    expect(asBob.symkeys).toEqual([]);
    expect(asBob.errors.map((e) => e.errorCode)).toEqual(['SKS-UNAUTHORIZED']);
    expect(asBob.errors[0]!.requestedGlobalKeyId).toEqual(created.globalKeyId);

    // carol is in "payroll" through the configuration (subject), alice through her store record.
    const asCarol = await symkeys(carol.credential, keys([created.globalKeyId]));
    expect(asCarol.errors).toEqual([]);
    expect(unwrapSymkey(asCarol.symkeys[0]!, carol.credential.privateKey)).toEqual(value);
  });

  it('refuses a deactivated client with wsse:FailedAuthentication, and serves it again once reactivated', async () => {
    const dave = await fx.addClient('dave');
    await fx.server.services.store.setClientStatus('dave', 'deactivated');
    const refused = await send(dave.credential, keys([sentinel]));
    expect(refused.kind).toBe('fault');
    if (refused.kind === 'fault')
      expect(refused.fault.subcodes.map((s) => s.localName)).toContain('FailedAuthentication');
    await fx.server.services.store.setClientStatus('dave', 'active');
    expect((await send(dave.credential, keys([sentinel]))).kind).toBe('message');
  });
});

describe('X509EncryptionCertificate', () => {
  it('wraps to a trusted certificate with the client’s own subject', async () => {
    const other = issueCredential(
      endEntityTemplate(
        'client',
        { commonName: 'alice', organization: 'sksml development' },
        new Date(Date.now() - 60_000),
        new Date(Date.now() + 86_400_000),
      ),
      generatePrivateKey({ type: 'rsa', bits: 2048 }),
      fx.ca,
    );
    const response = await symkeys(
      alice.credential,
      keys([sentinel], { cert: new Uint8Array(other.certificate.raw) }),
    );
    expect(response.errors).toEqual([]);
    expect(unwrapSymkey(response.symkeys[0]!, other.privateKey)).toHaveLength(32);
    expect(() => unwrapSymkey(response.symkeys[0]!, alice.credential.privateKey)).toThrow();
  });

  it('refuses another client’s certificate and an untrusted one', async () => {
    const bobs = await symkeys(
      alice.credential,
      keys([sentinel], { cert: new Uint8Array(bob.credential.certificate.raw) }),
    );
    expect(bobs.errors.map((e) => e.errorCode)).toEqual(['SKS-INVALID-ENCRYPTION-CERTIFICATE']);
    const foreign = createTestPki().clients[0]!;
    const untrusted = await symkeys(
      alice.credential,
      keys([sentinel], { cert: new Uint8Array(foreign.certificate.raw) }),
    );
    expect(untrusted.errors.map((e) => e.errorCode)).toEqual(['SKS-INVALID-ENCRYPTION-CERTIFICATE']);
    expect(untrusted.symkeys).toEqual([]);
  });
});

describe('other requests', () => {
  it('answers KeyCachePolicyRequest with one policy per configured class', async () => {
    const answer = await send(alice.credential, { type: 'KeyCachePolicyRequest', message: {} });
    if (answer.kind !== 'message' || answer.message.type !== 'KeyCachePolicyResponse')
      throw new Error(answer.text);
    expect(answer.message.message.keyCachePolicies.map((p) => p.keyClass).sort()).toEqual(
      fx.config.keyClasses.map((c) => c.name).sort(),
    );
  });

  it('answers SOAP 1.1 in SOAP 1.1', async () => {
    const response = await fx.server.app.fetch(
      buildSignedRequest(alice.credential, keys([sentinel]), { version: '1.1' }),
    );
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const answer = await readAnswer(response, fx.trustAnchors);
    expect(answer.version).toBe('1.1');
    if (answer.kind !== 'message' || answer.message.type !== 'SymkeyResponse') throw new Error(answer.text);
    expect(unwrapSymkey(answer.message.message.symkeys[0]!, alice.credential.privateKey)).toHaveLength(32);
  });

  it('refuses a new key in another DomainID', async () => {
    const response = await symkeys(alice.credential, keys([{ domainId: 10514n, serverId: 0n, keyId: 0n }]));
    expect(response.errors.map((e) => [e.errorCode, e.requestedKeyClass])).toEqual([
      ['SKS-DOMAIN-MISMATCH', 'DEFAULT'],
    ]);
  });
});
