/**
 * The defect switches are test-only: no configuration file can name them, no production entry
 * point passes them, and a server opened without `deps.defects` has none. (What each switch breaks,
 * and that the conformance suite catches it, is proven in tests/certification/.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.ts';
import { serverConfigToJson } from '../config/config-to-json.ts';
import { parseServerConfig } from '../config/parse-server-config.ts';
import { ensureDevData } from '../dev/ensure-dev-data.ts';
import { DEFECTS, DEFECT_NAMES, hasDefect } from './index.ts';
import { requestBodyWithDefects } from './request-body.ts';
import { storedKeyWithDefects } from './stored-key.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('defect switches', () => {
  it('name at least 15 defects, each described', () => {
    expect(DEFECT_NAMES.length).toBeGreaterThanOrEqual(15);
    for (const name of DEFECT_NAMES) expect(DEFECTS[name].length).toBeGreaterThan(10);
  });

  it('are off unless a switch is explicitly true', () => {
    expect(hasDefect({}, 'reuseKeys')).toBe(false);
    expect(hasDefect({ defects: {} }, 'reuseKeys')).toBe(false);
    expect(hasDefect({ defects: { reuseKeys: false } }, 'reuseKeys')).toBe(false);
    expect(hasDefect({ defects: { reuseKeys: true } }, 'reuseKeys')).toBe(true);
    expect(hasDefect({ defects: { reuseKeys: true } }, 'unsignedResponse')).toBe(false);
  });

  it('leave request bytes and stored keys untouched when off', () => {
    const body = new Uint8Array(Buffer.from('<!DOCTYPE x><x/>'));
    expect(requestBodyWithDefects({}, body)).toBe(body);
    expect(Buffer.from(requestBodyWithDefects({ defects: { acceptDoctype: true } }, body)).toString()).toBe(
      '<x/>',
    );
    const key = Uint8Array.from([1, 2, 3, 4]);
    expect(storedKeyWithDefects({}, key)).toBe(key);
    expect([
      ...storedKeyWithDefects({ defects: { serveTamperedRow: true } }, Uint8Array.from(key)),
    ]).not.toEqual([...key]);
  });

  it('cannot be set by a configuration file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-defects-config-'));
    try {
      const json = serverConfigToJson(ensureDevData(dir).config, dir) as object;
      expect(() => parseServerConfig(json, dir)).not.toThrow();
      let issues: readonly { path: string }[] = [];
      try {
        parseServerConfig({ ...json, defects: { reuseKeys: true } }, dir);
      } catch (e) {
        if (e instanceof ConfigError) issues = e.issues;
      }
      expect(issues.map((i) => i.path)).toContain('defects');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are passed by no production code: only open-services reads deps.defects', () => {
    const offenders = ['cli', 'reference-server', 'conformance', 'protocol', 'bench', 'reference-client']
      .flatMap((d) => sourceFiles(join(ROOT, d)))
      .filter((file) => !file.includes(`${join('reference-server', 'defects')}`))
      .filter((file) => /\bdefects\s*[:=]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual(['reference-server/service/open-services.ts']);
  });
});
