import { spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCertificateChain } from '../../protocol/pki/chain.ts';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { createTestPki, issueCertificate } from '../../protocol/testkit/pki.ts';
import { runCli } from '../main.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const scratch = mkdtempSync(join(tmpdir(), 'sksml-pki-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// One PKI for the read-only tests (init is the slow part: one RSA key per file pair).
const shared = join(scratch, 'shared');
const initResult = await run(['pki', 'init', shared, '--clients', '2']);
const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
const cert = (dir: string, name: string): X509Certificate => new X509Certificate(read(dir, name));

describe('sksml pki init', () => {
  it('writes the CA, the server and N clients, and says what it wrote', () => {
    expect(initResult.code).toBe(0);
    const expected = ['ca', 'server', 'client-1', 'client-2'].flatMap((b) => [`${b}.pem`, `${b}-key.pem`]);
    expect(readdirSync(shared).sort()).toEqual([...expected].sort());
    for (const f of expected) expect(initResult.out).toContain(join(shared, f));
  });

  it('keys are PKCS#8 with mode 0600 and match their certificates; certificates chain to the CA', () => {
    const ca = cert(shared, 'ca.pem');
    for (const b of ['ca', 'server', 'client-1', 'client-2']) {
      const keyPem = read(shared, `${b}-key.pem`);
      expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(statSync(join(shared, `${b}-key.pem`)).mode & 0o777).toBe(0o600);
      expect(cert(shared, `${b}.pem`).checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    }
    for (const b of ['server', 'client-1', 'client-2']) {
      const r = verifyCertificateChain(cert(shared, `${b}.pem`), {
        trustAnchors: [ca],
        at: new Date(),
        usage: 'signature',
      });
      expect(r.chain).toHaveLength(2);
    }
    expect(cert(shared, 'server.pem').subjectAltName).toContain('DNS:localhost');
  });

  it('refuses to overwrite an existing PKI without --force and changes nothing', async () => {
    const before = read(shared, 'ca-key.pem');
    const r = await run(['pki', 'init', shared]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--force/);
    expect(read(shared, 'ca-key.pem')).toBe(before);
  });

  it('with --force replaces the PKI and keeps the old files in a backup folder', async () => {
    const dir = join(scratch, 'forced');
    expect((await run(['pki', 'init', dir, '--clients', '0'])).code).toBe(0);
    writeFileSync(join(dir, 'extra.pem'), 'kept\n');
    const oldCa = read(dir, 'ca.pem');
    const r = await run(['pki', 'init', dir, '--clients', '1', '--force']);
    expect(r.code).toBe(0);
    expect(read(dir, 'ca.pem')).not.toBe(oldCa);
    const backups = readdirSync(dir).filter((n) => n.startsWith('backup-'));
    expect(backups).toHaveLength(1);
    const backup = join(dir, backups[0]!);
    expect(read(backup, 'ca.pem')).toBe(oldCa);
    expect(read(backup, 'extra.pem')).toBe('kept\n');
    expect(existsSync(join(backup, 'ca-key.pem'))).toBe(true);
    expect(r.out).toContain(backup);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['pki'],
      ['pki', 'frobnicate'],
      ['pki', 'init'],
      ['pki', 'init', join(scratch, 'u'), '--bits', '1024'],
      ['pki', 'init', join(scratch, 'u'), '--clients', 'many'],
      ['pki', 'init', join(scratch, 'u'), '--what'],
      ['pki', 'init', join(scratch, 'u'), 'extra'],
      ['pki', 'issue', shared],
      ['pki', 'issue', shared, '--name', 'x', '--usage', 'admin'],
      ['pki', 'verify', shared],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(existsSync(join(scratch, 'u'))).toBe(false);
  });
});

describe('sksml pki issue', () => {
  it('adds NAME.pem / NAME-key.pem signed by the CA, with the usage asked for', async () => {
    const r = await run([
      'pki',
      'issue',
      shared,
      '--name',
      'backup-sks.example',
      '--usage',
      'server',
      '--days',
      '30',
    ]);
    expect(r.code).toBe(0);
    const c = cert(shared, 'backup-sks.example.pem');
    expect(c.verify(cert(shared, 'ca.pem').publicKey)).toBe(true);
    expect(c.subject).toContain('CN=backup-sks.example');
    expect(c.subjectAltName).toContain('DNS:backup-sks.example');
    expect(statSync(join(shared, 'backup-sks.example-key.pem')).mode & 0o777).toBe(0o600);
    const lifetime = new Date(c.validTo).getTime() - new Date(c.validFrom).getTime();
    expect(Math.round(lifetime / 86_400_000)).toBe(30);
    const again = await run(['pki', 'issue', shared, '--name', 'backup-sks.example']);
    expect(again.code).toBe(1);
  });

  it('refuses names that would escape the folder or clash with the CA, and a folder without a CA', async () => {
    for (const name of ['../evil', 'a/b', 'ca', '.hidden', 'x-key', '']) {
      const r = await run(['pki', 'issue', shared, `--name=${name}`]);
      expect(r.code, name).toBe(2);
    }
    expect(existsSync(join(scratch, 'evil.pem'))).toBe(false);
    const empty = mkdtempSync(join(scratch, 'empty-'));
    const r = await run(['pki', 'issue', empty, '--name', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pki init/);
  });
});

describe('sksml pki verify', () => {
  it('accepts a client certificate of the PKI for both usages', async () => {
    const r = await run(['pki', 'verify', shared, join(shared, 'client-1.pem')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK signature: client-1 <- sksml CA$/m);
    expect(r.out).toMatch(/^OK keyEncipherment: client-1 <- sksml CA$/m);
  });

  it('rejects a certificate of another CA and an expired one (exit 1), with the reason code', async () => {
    const pki = createTestPki();
    writeFileSync(join(scratch, 'foreign.pem'), pki.clients[0]!.certificatePem);
    const foreign = await run([
      'pki',
      'verify',
      shared,
      join(scratch, 'foreign.pem'),
      '--usage',
      'signature',
    ]);
    expect(foreign.code).toBe(1);
    expect(foreign.out).toMatch(/REJECTED signature: CERT_UNTRUSTED/);
    const later = await run([
      'pki',
      'verify',
      shared,
      join(shared, 'client-1.pem'),
      '--at',
      '2200-01-01T00:00:00Z',
    ]);
    expect(later.code).toBe(1);
    expect(later.out).toMatch(/CERT_EXPIRED/);
    const sigOnly = issueCertificate(pki, { subject: 'sig-only', keyUsage: ['digitalSignature'] });
    writeFileSync(join(scratch, 'sig-only.pem'), sigOnly.certificatePem);
    writeFileSync(join(scratch, 'test-ca.pem'), pki.ca.certificatePem);
    const dir = mkdtempSync(join(scratch, 'test-ca-'));
    writeFileSync(join(dir, 'ca.pem'), pki.ca.certificatePem);
    const mixed = await run(['pki', 'verify', dir, join(scratch, 'sig-only.pem')]);
    expect(mixed.code).toBe(1);
    expect(mixed.out).toMatch(/^OK signature/m);
    expect(mixed.out).toMatch(/^REJECTED keyEncipherment: CERT_KEY_USAGE/m);
  });

  it('exits 2 for an unreadable or malformed certificate file', async () => {
    expect((await run(['pki', 'verify', shared, join(scratch, 'missing.pem')])).code).toBe(2);
    writeFileSync(join(scratch, 'junk.pem'), 'not a certificate');
    expect((await run(['pki', 'verify', shared, join(scratch, 'junk.pem')])).code).toBe(2);
    expect((await run(['pki', 'verify', shared, join(shared, 'client-1-key.pem')])).code).toBe(2);
  });
});

const opensslSkip = toolSkipReason('openssl', hasTool('openssl', ['version']));
describe.skipIf(opensslSkip !== null)(`openssl agrees with sksml pki ${opensslSkip ?? ''}`, () => {
  it('openssl verify -CAfile ca.pem accepts client-1.pem and server.pem, and rejects a foreign certificate', () => {
    const verify = (file: string): { status: number | null; out: string } => {
      const r = spawnSync('openssl', ['verify', '-CAfile', join(shared, 'ca.pem'), file], {
        encoding: 'utf8',
      });
      return { status: r.status, out: r.stdout + r.stderr };
    };
    expect(verify(join(shared, 'client-1.pem'))).toEqual({
      status: 0,
      out: `${join(shared, 'client-1.pem')}: OK\n`,
    });
    expect(verify(join(shared, 'server.pem')).status).toBe(0);
    writeFileSync(join(scratch, 'foreign2.pem'), createTestPki().clients[1]!.certificatePem);
    expect(verify(join(scratch, 'foreign2.pem')).status).not.toBe(0);
    const purpose = spawnSync('openssl', [
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      join(shared, 'ca.pem'),
      join(shared, 'client-1.pem'),
    ]);
    expect(purpose.status).toBe(0);
  });
});
