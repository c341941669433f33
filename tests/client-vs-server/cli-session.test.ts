/**
 * The "Must show" CLI session against the real reference server: `sksml server --data DIR
 * --port 0` runs as a subprocess (its printed URL and dev client files are read from stdout); then
 * `sksml client encrypt FILE` in one process and `sksml client decrypt` in fresh processes, with
 * the shared cache and without it, give back the original bytes.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/sksml.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sksml-cli-session-'));

interface Started {
  readonly url: string;
  readonly domainId: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

let server: ChildProcess | undefined;
let started: Started;
let serverOut = '';

function startServer(): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'server', '--data', join(dir, 'data'), '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let err = '';
    const field = (label: string): string | undefined =>
      new RegExp(`^${label}: (.+)$`, 'm').exec(serverOut)?.[1]?.trim();
    child.stdout.on('data', (chunk: Buffer) => {
      serverOut += chunk.toString('utf8');
      const url = /listening on (http:\/\/\S+)/.exec(serverOut)?.[1];
      const key = field('dev client private key');
      if (url === undefined || key === undefined) return;
      resolve({
        url,
        domainId: field('DomainID') ?? '',
        ca: field('trust anchor \\(dev CA\\)') ?? '',
        cert: field('dev client certificate') ?? '',
        key,
      });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('exit', (code) =>
      reject(new Error(`sksml server exited early (${code}): ${err.slice(0, 500)}`)),
    );
  });
}

function stopServer(): Promise<number | null> {
  const child = server;
  if (child === undefined || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

interface Run {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function sksml(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

function connection(cache: string): string[] {
  return [
    '--server',
    started.url,
    '--cert',
    started.cert,
    '--key',
    started.key,
    '--ca',
    started.ca,
    '--domain-id',
    started.domainId,
    '--cache',
    cache,
  ];
}

beforeAll(async () => {
  started = await startServer();
});
afterAll(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

describe('sksml server + sksml client in separate processes', () => {
  it('encrypt in one process, decrypt in fresh ones (shared cache, then none): the same bytes', async () => {
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sks$/);
    const input = join(dir, 'payload.bin');
    const data = Buffer.concat([Buffer.from('binary payload\n\0'), randomBytes(200_000)]);
    writeFileSync(input, data);
    const encrypted = join(dir, 'payload.xml');
    const cache = join(dir, 'cache');

    const enc = await sksml(['client', 'encrypt', input, '--out', encrypted, ...connection(cache)]);
    expect(enc.stderr).toMatch(new RegExp(`encrypted with key ${started.domainId}-1-\\d+ \\(DEFAULT, `));
    expect(enc.code).toBe(0);
    const keyId = /encrypted with key (\S+)/.exec(enc.stderr)?.[1];
    expect(readFileSync(encrypted, 'utf8')).toContain(`<ds:KeyName>${keyId}</ds:KeyName>`);

    const shared = await sksml(['client', 'decrypt', encrypted, ...connection(cache)]);
    expect(shared.code).toBe(0);
    expect(shared.stderr).toContain(`decrypted with key ${keyId} (key from cache)`);
    expect(shared.stdout.equals(data)).toBe(true);

    const fresh = await sksml(['client', 'decrypt', encrypted, ...connection(join(dir, 'cache-fresh'))]);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain(`decrypted with key ${keyId} (key from server)`);
    expect(fresh.stdout.equals(data)).toBe(true);
  });

  it('stops gracefully on SIGTERM with exit status 0', async () => {
    expect(await stopServer()).toBe(0);
    expect(serverOut).toContain('sksml server: stopped');
  });
});
