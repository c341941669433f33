import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { ClientError } from '../errors/client-error.ts';
import { createScriptedServer, type ScriptedServerOptions } from '../testing/scripted-server.ts';
import { createTestClient } from '../testing/test-client.ts';
import type { ClientOptions } from './options.ts';

const pki = createTestPki();

function setup(options: Partial<ScriptedServerOptions> = {}, overrides: Partial<ClientOptions> = {}) {
  const server = createScriptedServer({ pki, ...options });
  const { client, sleeps } = createTestClient(pki, [{ fetch: server, name: 'primary' }], overrides);
  return { server, client, sleeps };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ClientError) return e.code;
    throw e;
  }
  throw new Error('expected a ClientError');
}

describe('createClient against a correct scripted server', () => {
  it('gets a new key of the default class, unwrapped to KeySize bits, and names the server', async () => {
    const { client, server } = setup();
    const r = await client.requestNewKey();
    expect(r.keys).toHaveLength(1);
    const k = r.keys[0]!;
    expect(k.keyClass).toBe('DEFAULT');
    expect(k.key.length * 8).toBe(k.keyUsePolicy.keySize);
    expect(k.server).toBe('primary');
    expect(r.servers).toEqual(['primary']);
    // The bytes are the ones the server stored for that GlobalKeyID.
    expect(Buffer.from(k.key)).toEqual(Buffer.from(server.store.get(formatGlobalKeyID(k.globalKeyId))!.key));
    // SKSML-CLT-54: the request used the new-key sentinel of the client's domain.
    const sent = server.received[0]!.request!;
    expect(sent.kind === 'keys' && formatGlobalKeyID(sent.globalKeyIds[0]!)).toBe('10514-0-0');
  });

  it('asks for several classes in one request and gets one key per class', async () => {
    const { client, server } = setup({
      keyAlgorithms: { SMALL: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc' },
    });
    const r = await client.requestNewKeys(['SMALL', 'BIG']);
    expect(r.keys.map((k) => [k.keyClass, k.key.length])).toEqual([
      ['SMALL', 16],
      ['BIG', 32],
    ]);
    expect(server.calls).toBe(1);
  });

  it('fetches an existing key again with the same bytes, and reports unknown keys as errors', async () => {
    const { client } = setup();
    const created = (await client.requestNewKey('A')).keys[0]!;
    const again = await client.getKeys([created.globalKeyId, '10514-1-999']);
    expect(again.keys).toHaveLength(1);
    expect(Buffer.from(again.keys[0]!.key)).toEqual(Buffer.from(created.key));
    expect(again.errors.map((e) => [formatGlobalKeyID(e.requestedGlobalKeyId), e.errorCode])).toEqual([
      ['10514-1-999', 'SKS-100004'],
    ]);
  });

  it('gets the key cache policies', async () => {
    const { client } = setup();
    const r = await client.getKeyCachePolicy();
    expect(r.policies.map((p) => p.keyClass)).toEqual(['DEFAULT']);
    expect(r.server).toBe('primary');
  });

  it('speaks SOAP 1.1 when configured', async () => {
    const { client } = setup({}, { soapVersion: '1.1' });
    expect((await client.requestNewKey()).keys).toHaveLength(1);
  });

  it('sends its certificate as X509EncryptionCertificate when configured (SKSML-CLT-56)', async () => {
    const { client, server } = setup({}, { keyTransport: { sendEncryptionCertificate: true } });
    await client.requestNewKey();
    const sent = server.received[0]!.request!;
    expect(sent.kind === 'keys' && Buffer.from(sent.x509EncryptionCertificate!)).toEqual(
      pki.clients[0]!.certificate.raw,
    );
  });

  it('refuses rsa-1_5 unless the legacy switch is on', async () => {
    expect(await codeOf(setup({ keyTransport: 'rsa-1_5' }).client.requestNewKey())).toBe(
      'CLIENT_UNWRAP_FAILED',
    );
    const legacy = setup({ keyTransport: 'rsa-1_5' }, { keyTransport: { allowRsa15: true } });
    expect((await legacy.client.requestNewKey()).keys[0]!.key).toHaveLength(32);
  });

  it('never shows key bytes when results are printed or serialized', async () => {
    const { client } = setup();
    const r = await client.requestNewKey();
    const hex = Buffer.from(r.keys[0]!.key).toString('hex');
    const b64 = Buffer.from(r.keys[0]!.key).toString('base64');
    for (const text of [inspect(r, { depth: 10 }), JSON.stringify(r)]) {
      expect(text).not.toContain(hex);
      expect(text).not.toContain(b64);
      expect(text).toContain('redacted');
    }
    r.keys[0]!.wipe();
    expect(r.keys[0]!.key.every((b) => b === 0)).toBe(true);
  });

  it('refuses bad arguments before sending anything', async () => {
    const { client, server } = setup();
    expect(await codeOf(client.getKey('10514-0-0'))).toBe('CLIENT_BAD_ARGUMENT');
    expect(await codeOf(client.getKey('not-an-id'))).toBe('CLIENT_BAD_ARGUMENT');
    expect(await codeOf(client.requestNewKey('x'.repeat(256)))).toBe('CLIENT_BAD_ARGUMENT');
    expect(await codeOf(client.poll(['10514-1-1']))).toBe('CLIENT_POLL_UNKNOWN_REQUEST');
    expect(server.calls).toBe(0);
    expect(() => createTestClient(pki, [])).toThrow(ClientError);
    expect(() =>
      createTestClient(pki, [{ fetch: server, name: 'p' }], {
        credentials: { certificate: pki.clients[0]!.certificate, privateKey: pki.clients[1]!.privateKey },
      }),
    ).toThrow(/private key/);
  });
});
