import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { runCli } from '../main.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const pki = createTestPki();
const dir = mkdtempSync(join(tmpdir(), 'sksml-wss-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ca = file('ca.pem', pki.ca.certificatePem);
const cert = file('client.pem', pki.clients[0]!.certificatePem);
const key = file('client-key.pem', pki.clients[0]!.privateKeyPem);
const payload = '<ekmi:KeyCachePolicyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"/>';
const message = file('request.xml', `<?xml version="1.0" encoding="UTF-8"?>\n${payload}\n`);

describe('sksml wss (in process)', () => {
  it('signs a bare message and verifies it, printing the payload', async () => {
    const signed = await run(['wss', 'sign', '--cert', cert, '--key', key, message]);
    expect(signed.code).toBe(0);
    expect(signed.out).toContain('http://www.w3.org/2003/05/soap-envelope');
    const verified = await run(['wss', 'verify', '--ca', ca, file('signed.xml', signed.out)]);
    expect(verified).toEqual({ code: 0, out: `${payload}\n`, err: '' });
  });

  it('signs SOAP 1.1 on request, and signs an existing envelope as it is', async () => {
    const s11 = await run(['wss', 'sign', '--cert', cert, '--key', key, '--soap11', message]);
    expect(s11.out).toContain('http://schemas.xmlsoap.org/soap/envelope/');
    const envelope = file(
      'envelope.xml',
      `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body>${payload}</e:Body></e:Envelope>`,
    );
    const signed = await run(['wss', 'sign', '--cert', cert, '--key', key, envelope]);
    expect(signed.out.startsWith('<e:Envelope')).toBe(true);
    expect((await run(['wss', 'verify', '--ca', ca, file('s2.xml', signed.out)])).code).toBe(0);
    const mismatch = await run(['wss', 'sign', '--cert', cert, '--key', key, '--soap11', envelope]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toContain('WSS_SIGN_BAD_INPUT');
  });

  it('reports the fault and code of a rejected message with exit 1', async () => {
    const at = new Date(Date.now() + 20 * 60_000).toISOString(); // certificate valid, message expired
    const signed = await run(['wss', 'sign', '--cert', cert, '--key', key, message]);
    const r = await run(['wss', 'verify', '--ca', ca, '--at', at, file('old.xml', signed.out)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('wsse:MessageExpired WSS_EXPIRED');
    const tampered = signed.out.replace('KeyCachePolicyRequest xmlns', 'KeyCachePolicyRequest a="1" xmlns');
    const t = await run(['wss', 'verify', '--ca', ca, file('tampered.xml', tampered)]);
    expect(t.code).toBe(1);
    expect(t.err).toContain('wsse:FailedCheck WSS_DIGEST_MISMATCH');
    expect(t.out).toBe('');
  });

  it('exits 2 for usage errors and unreadable files', async () => {
    expect((await run(['wss'])).code).toBe(2);
    expect((await run(['wss', 'sign', message])).code).toBe(2);
    expect(
      (await run(['wss', 'sign', '--cert', cert, '--key', join(dir, 'missing.pem'), message])).code,
    ).toBe(2);
    expect((await run(['wss', 'sign', '--cert', cert, '--key', ca, message])).code).toBe(2);
    expect((await run(['wss', 'verify', message])).code).toBe(2);
    expect((await run(['wss', 'verify', '--ca', ca, join(dir, 'missing.xml')])).code).toBe(2);
    expect((await run(['wss', 'verify', '--ca', ca, '--at', 'yesterday', message])).code).toBe(2);
    expect((await run(['wss', 'verify', '--ca', ca, '--bogus', message])).code).toBe(2);
  });
});

describe('sksml wss sign | sksml wss verify (real processes)', () => {
  const bin = resolve(import.meta.dirname, '../../bin/sksml.mjs');
  const pipe = (verifyArgs: string): ReturnType<typeof spawnSync> =>
    spawnSync(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `node "${bin}" wss sign --cert "${cert}" --key "${key}" - < "${message}" | node "${bin}" wss verify ${verifyArgs} -`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );

  it('a signed message piped into verify prints the payload and exits 0', () => {
    const r = pipe(`--ca "${ca}"`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${payload}\n`);
    expect(r.status).toBe(0);
  });

  it('verify against the wrong trust anchor exits 1 with FailedAuthentication', () => {
    const other = file('other-ca.pem', pki.server.certificatePem);
    const r = pipe(`--ca "${other}"`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('wsse:FailedAuthentication WSS_UNTRUSTED_CERTIFICATE');
  });
});
