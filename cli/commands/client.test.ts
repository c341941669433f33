import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { createScriptedServer, type ScriptedServer } from '../../reference-client/testing/scripted-server.ts';
import { serveOverHttp, type HttpTestServer } from '../../reference-client/testing/serve-http.ts';
import { runCli } from '../main.ts';
import type { ClientCliIo } from './client.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const pki = createTestPki();
const dir = mkdtempSync(join(tmpdir(), 'sksml-client-cli-'));
const credential = pki.clients[0]!;
const files = {
  cert: join(dir, 'client.pem'),
  key: join(dir, 'client.key'),
  ca: join(dir, 'ca.pem'),
};
writeFileSync(files.cert, credential.certificate.toString());
writeFileSync(files.key, credential.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(files.ca, pki.ca.certificate.toString());

let server: ScriptedServer;
let http: HttpTestServer;

beforeAll(async () => {
  server = createScriptedServer({ pki });
  http = await serveOverHttp(server);
});
afterAll(async () => {
  await http.close();
});

interface Captured {
  readonly status: number;
  readonly out: string;
  readonly err: string;
  readonly bytes: Uint8Array;
}

async function cli(args: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const chunks: Uint8Array[] = [];
  const io: ClientCliIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    outBytes: (b) => chunks.push(b),
  };
  const status = await runCli(['client', ...args], io);
  return { status, out, err, bytes: Buffer.concat(chunks) };
}

function connection(cache?: string): string[] {
  return [
    '--server',
    http.url,
    '--cert',
    files.cert,
    '--key',
    files.key,
    '--ca',
    files.ca,
    '--domain-id',
    '10514',
    ...(cache === undefined ? [] : ['--cache', cache]),
  ];
}

describe('sksml client: usage errors exit 2', () => {
  it.each([
    [[]],
    [['frobnicate']],
    [['new-key', '--bogus']],
    [['new-key', '--server', 'http://127.0.0.1:1/sks']],
    [['get-key']],
  ])('%j', async (args) => {
    const r = await cli(args);
    expect(r.status).toBe(2);
  });

  it('needs --cache for encrypt and a readable input file', async () => {
    const input = join(dir, 'in.txt');
    writeFileSync(input, 'x');
    const noCache = await cli(['encrypt', input, ...connection()]);
    expect(noCache.status).toBe(2);
    expect(noCache.err).toContain('--cache');
    const missing = await cli(['encrypt', join(dir, 'nope.txt'), ...connection(join(dir, 'c0'))]);
    expect(missing.status).toBe(2);
    expect(missing.err).toContain('ENOENT');
  });

  it('refuses a bad config file, a bad GlobalKeyID and an unreadable EncryptedData', async () => {
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, '{"servers": ["x"], "colour": "blue"}');
    expect((await cli(['kcp', '--config', cfg])).status).toBe(2);
    expect((await cli(['get-key', 'not-a-key', ...connection()])).status).toBe(2);
    const junk = join(dir, 'junk.xml');
    writeFileSync(junk, '<a/>');
    const r = await cli(['decrypt', junk, ...connection(join(dir, 'c1'))]);
    expect(r.status).toBe(2);
    expect(r.err).toContain('DATA_MALFORMED');
  });
});

describe('sksml client against a server on a socket', () => {
  it('new-key prints the GlobalKeyID, class and policy, never the key unless --show-key', async () => {
    const r = await cli(['new-key', '--json', ...connection()]);
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.out) as { keys: Record<string, unknown>[] };
    const key = parsed.keys[0]!;
    expect(key.globalKeyId).toMatch(/^10514-1-\d+$/);
    expect(key.keyClass).toBe('DEFAULT');
    expect((key.keyUsePolicy as { keySize: number }).keySize).toBe(256);
    expect(key).not.toHaveProperty('key');
    const text = await cli(['new-key', ...connection()]);
    expect(text.out).toContain('GlobalKeyID');
    expect(text.out).not.toContain('Key           ');
    const shown = await cli(['new-key', '--json', '--show-key', ...connection()]);
    const bytes = Buffer.from((JSON.parse(shown.out) as { keys: { key: string }[] }).keys[0]!.key, 'base64');
    expect(bytes).toHaveLength(32);
    const stored = server.store.get(
      (JSON.parse(shown.out) as { keys: { globalKeyId: string }[] }).keys[0]!.globalKeyId,
    );
    expect(Buffer.from(stored!.key).equals(bytes)).toBe(true);
  });

  it('get-key and kcp', async () => {
    const created = JSON.parse((await cli(['new-key', '--json', ...connection()])).out) as {
      keys: { globalKeyId: string }[];
    };
    const id = created.keys[0]!.globalKeyId;
    const got = await cli(['get-key', id, '--json', ...connection()]);
    expect(got.status).toBe(0);
    expect(JSON.parse(got.out)).toMatchObject({ globalKeyId: id, source: 'server' });
    const kcp = await cli(['kcp', '--json', ...connection()]);
    expect(kcp.status).toBe(0);
    expect((JSON.parse(kcp.out) as { policies: { keyClass: string }[] }).policies[0]!.keyClass).toBe(
      'DEFAULT',
    );
  });

  it('encrypts and decrypts through --config and --out; tampering and refusals exit 1', async () => {
    const cache = join(dir, 'cache-a');
    const cfg = join(dir, 'client.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        servers: [http.url],
        cert: 'client.pem',
        key: 'client.key',
        ca: ['ca.pem'],
        domainId: 10514,
        cache: 'cache-a',
      }),
    );
    const input = join(dir, 'plain.bin');
    const plain = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    writeFileSync(input, plain);
    const enc = await cli(['encrypt', input, '--config', cfg, '--out', join(dir, 'plain.xml')]);
    expect(enc.status).toBe(0);
    expect(enc.err).toContain('aes256-gcm');
    const xml = readFileSync(join(dir, 'plain.xml'), 'utf8');
    expect(xml).toContain('EncryptedData');
    const dec = await cli(['decrypt', join(dir, 'plain.xml'), ...connection(cache)]);
    expect(dec.status).toBe(0);
    expect(Buffer.from(dec.bytes).equals(plain)).toBe(true);

    const tampered = join(dir, 'tampered.xml');
    writeFileSync(
      tampered,
      xml.replace(/<xenc:CipherValue>(.)/, (_m, c: string) => `<xenc:CipherValue>${c === 'A' ? 'B' : 'A'}`),
    );
    const bad = await cli(['decrypt', tampered, '--config', cfg]);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain('DATA_DECRYPT_FAILED');

    server.setBehaviour('symkey-error');
    try {
      const refused = await cli(['encrypt', input, '--config', cfg]);
      expect(refused.status).toBe(1);
      expect(refused.err).toContain('CLIENT_KEY_REFUSED');
    } finally {
      server.setBehaviour('ok');
    }
  });
});

describe('sksml client: the "Must show" session (separate processes)', () => {
  it('encrypts a file with a new key in one process and decrypts it in a fresh one', async () => {
    const cache = join(dir, 'cache-session');
    const input = join(dir, 'report.txt');
    writeFileSync(input, 'Quarterly figures: confidential.\n');
    const encrypted = join(dir, 'report.xml');
    const enc = await run(
      process.execPath,
      [join(root, 'bin/sksml.mjs'), 'client', 'encrypt', input, '--out', encrypted, ...connection(cache)],
      { cwd: root },
    );
    expect(enc.stderr).toMatch(/encrypted with key 10514-1-\d+/);
    const callsAfterEncrypt = server.calls;
    const dec = await run(
      process.execPath,
      [join(root, 'bin/sksml.mjs'), 'client', 'decrypt', encrypted, ...connection(cache)],
      { cwd: root },
    );
    expect(dec.stdout).toBe('Quarterly figures: confidential.\n');
    expect(server.calls).toBe(callsAfterEncrypt); // the key came from the shared cache
    // Without the cache, the fresh process fetches the key from the server by its GlobalKeyID.
    const fetched = await run(
      process.execPath,
      [join(root, 'bin/sksml.mjs'), 'client', 'decrypt', encrypted, ...connection(join(dir, 'cache-empty'))],
      { cwd: root },
    );
    expect(fetched.stdout).toBe('Quarterly figures: confidential.\n');
    expect(server.calls).toBeGreaterThan(callsAfterEncrypt);
  });
});
