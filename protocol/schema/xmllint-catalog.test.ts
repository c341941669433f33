import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import { SKSML_SCHEMA_SET } from './load.ts';
import { ERRATA_DIVERGENT, VALID_ENVELOPES, VALID_SAMPLES } from './sample-messages.ts';

const skip = toolSkipReason('xmllint', hasTool('xmllint'));

describe.skipIf(skip !== null)(`xmllint loads schemas/ offline through the catalog ${skip ?? ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-xmllint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function xmllint(xml: string): { status: number | null; output: string } {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const r = spawnSync(
      'xmllint',
      ['--nonet', '--noout', '--schema', join(SKSML_SCHEMA_SET.dir, 'sksml.xsd'), file],
      {
        env: { ...process.env, XML_CATALOG_FILES: SKSML_SCHEMA_SET.catalog },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  it('validates a bare message and an envelope', () => {
    for (const sample of [VALID_SAMPLES[0], VALID_ENVELOPES[0]]) {
      const r = xmllint((sample as { xml: string }).xml);
      expect(r.output).toMatch(/validates/);
      expect(r.status).toBe(0);
    }
  });

  it('rejects an erratum-invalid document', () => {
    const r = xmllint((ERRATA_DIVERGENT[0] as { xml: string }).xml);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/fails to validate/);
  });
});
