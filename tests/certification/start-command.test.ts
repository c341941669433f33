/**
 * `npm start` (= `sksml start`) on a fresh machine: a subprocess in an empty folder (no .sksml, no
 * reports) creates the embedded server's data, certifies it over HTTP with the full suite, writes
 * every report to ./reports/conformance, prints the summary and the HTML report's path, stops the
 * server and exits 0. A second run reuses the data folder.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CASES } from '../../conformance/index.ts';
import { parseStartArgs } from '../../cli/commands/start.ts';
import { UsageError } from '../../cli/io.ts';
import { runCli } from '../../cli/main.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/sksml.mjs');
const work = mkdtempSync(join(tmpdir(), 'sksml-start-'));

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

async function start(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'start', ...args], {
      cwd: work,
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('sksml start', () => {
  it('certifies the embedded server on a fresh folder and writes every report', async () => {
    expect(existsSync(join(work, '.sksml'))).toBe(false);
    const result = await start([]);
    expect(result.stderr).toBe('');
    const n = ALL_CASES.length;
    expect(result.stdout).toMatch(
      new RegExp(`^${n} cases: ${n} passed, 0 failed, 0 errors, 0 skipped in `, 'm'),
    );
    expect(result.stdout).toContain('(data folder');
    expect(result.stdout).toContain(', created)');
    const out = join(work, 'reports', 'conformance');
    const html = join(out, 'report.html');
    expect(result.stdout).toContain(`HTML report: ${html}\n`);
    for (const file of ['report.json', 'junit.xml', 'earl.jsonld', 'report.html'])
      expect(existsSync(join(out, file)), file).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(existsSync(join(work, '.sksml', 'sks.sqlite'))).toBe(true);
    expect(result.code).toBe(0);
  }, 120_000);

  it('reuses the data folder and honours --out (in-process this time)', async () => {
    let out = '';
    const code = await runCli(['start', '--data', join(work, '.sksml'), '--out', join(work, 'elsewhere')], {
      out: (t) => void (out += t),
      err: (t) => void (out += t),
    });
    expect(out).not.toContain(', created)');
    expect(out).toContain(`HTML report: ${join(work, 'elsewhere', 'report.html')}\n`);
    expect(existsSync(join(work, 'elsewhere', 'report.html'))).toBe(true);
    expect(code).toBe(0);
  }, 60_000);

  it('refuses a half-present data folder with exit 2 and a message, certifying nothing', async () => {
    const data = join(work, 'broken');
    mkdirSync(join(data, 'pki'), { recursive: true });
    writeFileSync(join(data, 'pki', 'server.crt.pem'), 'left over');
    let out = '';
    let err = '';
    const code = await runCli(['start', '--data', data, '--out', join(work, 'broken-out')], {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^sksml start: .*holds only part of the development files/);
    expect(out).toBe('');
    expect(existsSync(join(work, 'broken-out'))).toBe(false);
  });

  it('parses its arguments strictly', () => {
    expect(parseStartArgs([])).toEqual({ data: '.sksml', out: join('reports', 'conformance') });
    expect(parseStartArgs(['--data=d', '--out', 'o'])).toEqual({ data: 'd', out: 'o' });
    expect(() => parseStartArgs(['--port', '1'])).toThrow(UsageError);
    expect(() => parseStartArgs(['--data'])).toThrow(UsageError);
    expect(() => parseStartArgs(['--out', 'a', '--out', 'b'])).toThrow(UsageError);
  });
});
