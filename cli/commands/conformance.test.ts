import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSetup } from '../../conformance/testing/fake-setup.ts';
import type { CliIo } from '../io.ts';
import { runCli } from '../main.ts';

let server: Server;
let url: string;
let dir: string;
const files: Record<string, string> = {};

function capture(): CliIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), text: () => out, errors: () => err };
}

beforeAll(async () => {
  const { target, pki } = createFakeSetup();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = Buffer.concat(chunks);
      void target
        .fetch(
          new Request(`http://localhost${req.url ?? '/'}`, {
            method: req.method,
            headers,
            ...(req.method === 'GET' ? {} : { body }),
          }),
        )
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(Buffer.from(await r.arrayBuffer()));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sks`;
  dir = mkdtempSync(join(tmpdir(), 'sksml-cli-conformance-'));
  const write = (name: string, text: string): void => {
    files[name] = join(dir, name);
    writeFileSync(files[name], text);
  };
  write('ca.pem', pki.ca.certificatePem);
  pki.clients.forEach((c, i) => {
    write(`c${i + 1}.pem`, c.certificatePem);
    write(`k${i + 1}.pem`, c.privateKeyPem);
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('sksml conformance', () => {
  it('certifies a server over HTTP, writes and signs reports, and the signature verifies', async () => {
    const io = capture();
    const out = join(dir, 'out');
    const code = await runCli(
      [
        'conformance',
        'server',
        '--url',
        url,
        '--cert',
        files['c1.pem'] ?? '',
        '--key',
        files['k1.pem'] ?? '',
        '--cert',
        files['c2.pem'] ?? '',
        '--key',
        files['k2.pem'] ?? '',
        '--ca',
        files['ca.pem'] ?? '',
        '--key-class',
        'PAYROLL',
        '--key-class',
        'BACKUP',
        '--out',
        out,
        '--sign',
        files['k1.pem'] ?? '',
        '--sign-cert',
        files['c1.pem'] ?? '',
      ],
      io,
    );
    expect(io.errors()).toBe('');
    expect(io.text()).toMatch(/\d+ cases: \d+ passed, 0 failed, 0 errors, \d+ skipped/);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toHaveProperty(
      'format',
      'sksml-conformance-report/1',
    );
    const verify = capture();
    expect(
      await runCli(
        ['conformance', 'verify-report', '--ca', files['ca.pem'] ?? '', join(out, 'report.json')],
        verify,
      ),
    ).toBe(0);
    expect(verify.text()).toMatch(/^valid: signed by/);
    writeFileSync(
      join(out, 'report.json'),
      readFileSync(join(out, 'report.json'), 'utf8').replace('"pass"', '"fail"'),
    );
    const bad = capture();
    expect(
      await runCli(
        ['conformance', 'verify-report', '--ca', files['ca.pem'] ?? '', join(out, 'report.json')],
        bad,
      ),
    ).toBe(1);
    expect(bad.errors()).toContain('REPORT_SIGNATURE_INVALID');
  });

  it('exits 1 when a case fails (a client the server does not trust) and prints JSON with --json', async () => {
    const io = capture();
    // client3 is deactivated at the target: every request it signs is refused.
    const code = await runCli(
      [
        'conformance',
        'server',
        '--url',
        url,
        '--cert',
        files['c3.pem'] ?? '',
        '--key',
        files['k3.pem'] ?? '',
        '--ca',
        files['ca.pem'] ?? '',
        '--only',
        'new-key-default-class',
        '--json',
      ],
      io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(io.text()) as { summary: { fail: number } };
    expect(report.summary.fail).toBe(1);
  });

  it('exits 2 on usage errors', async () => {
    expect(await runCli(['conformance', 'server', '--url', url], capture())).toBe(2);
    expect(await runCli(['conformance', 'server', '--url', url, '--cert', 'x', '--ca', 'y'], capture())).toBe(
      2,
    );
    expect(await runCli(['conformance', 'nonsense'], capture())).toBe(2);
    const io = capture();
    expect(
      await runCli(
        [
          'conformance',
          'server',
          '--url',
          url,
          '--cert',
          files['c1.pem'] ?? '',
          '--key',
          files['k1.pem'] ?? '',
          '--ca',
          files['ca.pem'] ?? '',
          '--only',
          'no-such-case',
        ],
        io,
      ),
    ).toBe(2);
    expect(io.errors()).toContain('unknown case no-such-case');
  });

  it('lists the cases', async () => {
    const io = capture();
    expect(await runCli(['conformance', 'list'], io)).toBe(0);
    expect(io.text()).toContain('wss-xsw-body-in-header');
  });
});
