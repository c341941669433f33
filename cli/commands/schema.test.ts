import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRAFT8_SCHEMA_SET } from '../../protocol/schema/load.ts';
import { hasTool } from '../../protocol/testkit/external-tool.ts';
import { draft8ReferenceSkipReason } from '../../protocol/testkit/reference-schemas.ts';
import { runCli } from '../main.ts';

// The OASIS draft-8.0 set is a test oracle kept outside the repository (see protocol/schema/load.ts).
const REFERENCE = DRAFT8_SCHEMA_SET.dir;
const REFERENCE_CATALOG = DRAFT8_SCHEMA_SET.catalog ?? '';
const referenceSkip = draft8ReferenceSkipReason();
const OURS = resolve(import.meta.dirname, '../../schemas');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

interface JsonFinding {
  rule: string;
  severity: string;
  component: string | null;
  file: string | null;
  line: number | null;
  message: string;
}

const scratch = mkdtempSync(join(tmpdir(), 'sksml-lint-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('sksml schema lint', () => {
  it.skipIf(referenceSkip !== null)(
    'reports the draft-8.0 defects (UPA, unused ID types) and exits 1',
    async () => {
      const { code, out } = await run([
        'schema',
        'lint',
        REFERENCE,
        '--json',
        '--catalog',
        REFERENCE_CATALOG,
      ]);
      expect(code).toBe(1);
      const report = JSON.parse(out) as {
        findings: JsonFinding[];
        summary: { errors: number };
        engines: { engine: string; status: string }[];
      };
      const status = Object.fromEntries(report.engines.map((e) => [e.engine, e.status]));
      // libxml2 2.9 does not check UPA; Xerces and libxml2 2.13 refuse the set.
      expect(status['libxml2-2.9 (libxmljs2)']).toBe('compiled');
      expect(status['libxml2-2.13 (xmllint-wasm)']).toBe('failed');
      if (hasTool('java', ['-version'])) {
        expect(status['xerces (JDK)']).toBe('failed');
        expect(
          report.findings.some((f) => f.rule === 'upa-violation' && f.message.includes('cos-nonambig')),
        ).toBe(true);
      }
      const has = (rule: string, component?: string): boolean =>
        report.findings.some(
          (f) => f.rule === rule && (component === undefined || f.component === component),
        );
      expect(has('upa-violation')).toBe(true);
      expect(has('wildcard-beside-elements')).toBe(true);
      expect(has('unused-type', 'OnePartIDType')).toBe(true);
      expect(has('unused-type', 'ThreePartIDType')).toBe(true);
      expect(has('pattern-exceeds-range', 'GlobalKeyIDType')).toBe(true);
      expect(has('pattern-leading-zeros', 'GlobalKeyIDType')).toBe(true);
      expect(has('mixed-content', 'KeyUsePolicyType')).toBe(true);
      for (const f of report.findings.filter((x) => x.rule !== 'engine-unavailable')) {
        expect(f.file, JSON.stringify(f)).not.toBeNull();
      }
      const upa = report.findings.find((f) => f.rule === 'upa-violation');
      expect(upa?.file).toBe('symkeyResponse.xsd');
    },
  );

  it.skipIf(referenceSkip !== null)('prints one line per finding in text mode', async () => {
    const { code, out } = await run(['schema', 'lint', REFERENCE, '--catalog', REFERENCE_CATALOG]);
    expect(code).toBe(1);
    expect(out).toMatch(/^EKMICoreLibrary\.xsd:\d+: warning unused-type \[OnePartIDType\]/m);
    expect(out).toMatch(/\d+ error\(s\), \d+ warning\(s\)/);
  });

  it("reports no error on the project's own schemas and exits 0", async () => {
    const { code, out } = await run(['schema', 'lint', OURS, '--json']);
    const report = JSON.parse(out) as { findings: JsonFinding[] };
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('exits 2 for a missing folder, a folder without schemas and a malformed schema', async () => {
    expect((await run(['schema', 'lint', join(scratch, 'missing')])).code).toBe(2);
    const empty = mkdtempSync(join(scratch, 'empty-'));
    expect((await run(['schema', 'lint', empty])).code).toBe(2);
    const broken = mkdtempSync(join(scratch, 'broken-'));
    writeFileSync(
      join(broken, 'a.xsd'),
      '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"><oops></xsd:schema>',
    );
    const r = await run(['schema', 'lint', broken]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('a.xsd');
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['schema'])).code).toBe(2);
    expect((await run(['schema', 'frobnicate'])).code).toBe(2);
    expect((await run(['schema', 'lint'])).code).toBe(2);
    expect((await run(['schema', 'lint', 'a', 'b'])).code).toBe(2);
    expect((await run(['schema', 'lint', 'a', '--bogus'])).code).toBe(2);
  });

  it('exits 1 when an engine cannot compile the set', async () => {
    const dir = mkdtempSync(join(scratch, 'bad-ref-'));
    writeFileSync(
      join(dir, 'a.xsd'),
      '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t"><xsd:element name="A" type="t:Missing"/></xsd:schema>',
    );
    const { code, out } = await run(['schema', 'lint', dir, '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as { findings: JsonFinding[] };
    expect(report.findings.some((f) => f.rule === 'compile-failed')).toBe(true);
  });
});
