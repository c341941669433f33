import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import { draft8ReferenceSkipReason } from '../testkit/reference-schemas.ts';
import type { SchemaEngineName, SchemaValidator } from './engine.ts';
import { DRAFT8_SCHEMA_SET, loadDraft8WorkingCopy, loadSchemaSet, loadSksmlSchemas } from './load.ts';
import { SchemaCompileError } from './schema-errors.ts';
import {
  ERRATA_DIVERGENT,
  INVALID_ENVELOPES,
  INVALID_SAMPLES,
  VALID_ENVELOPES,
  VALID_SAMPLES,
} from './sample-messages.ts';
import type { Sample } from './sample-messages.ts';

const javaSkip = toolSkipReason('java', hasTool('java', ['-version']) && hasTool('javac', ['-version']));
const referenceSkip = draft8ReferenceSkipReason();
// Each engine's block checks our set beside the draft-8.0 working copy, so it needs both.
const ENGINES: { engine: SchemaEngineName; skip: string | null }[] = [
  { engine: 'libxml2', skip: referenceSkip },
  { engine: 'xerces', skip: javaSkip ?? referenceSkip },
];

const names = (list: readonly Sample[]): string[][] => list.map((s) => [s.name]);
const byName = (list: readonly Sample[], name: string): Sample => list.find((s) => s.name === name) as Sample;

for (const { engine, skip } of ENGINES) {
  describe.skipIf(skip !== null)(`${engine} engine ${skip ?? ''}`, () => {
    let ours: SchemaValidator;
    let draft: SchemaValidator;
    beforeAll(async () => {
      ours = await loadSksmlSchemas(engine);
      draft = await loadDraft8WorkingCopy(engine);
    });
    afterAll(async () => {
      await ours?.close();
      await draft?.close();
    });

    it('compiles the project set', () => {
      expect(ours.engine).toBe(engine);
    });

    it.each(names(VALID_SAMPLES))('accepts valid sample: %s (both sets)', async (name) => {
      const sample = byName(VALID_SAMPLES, name);
      expect(await ours.validate(sample.xml)).toEqual([]);
      expect(await draft.validate(sample.xml)).toEqual([]);
    });

    it.each(names(VALID_ENVELOPES))('accepts valid envelope: %s', async (name) => {
      expect(await ours.validate(byName(VALID_ENVELOPES, name).xml)).toEqual([]);
    });

    it.each(names(INVALID_SAMPLES))('rejects invalid sample: %s (both sets)', async (name) => {
      const sample = byName(INVALID_SAMPLES, name);
      const findings = await ours.validate(sample.xml);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings[0]?.engine).toBe(engine);
      expect(findings[0]?.line).toBe(1);
      expect((await draft.validate(sample.xml)).length).toBeGreaterThan(0);
    });

    it.each(names(INVALID_ENVELOPES))('rejects invalid envelope: %s', async (name) => {
      expect((await ours.validate(byName(INVALID_ENVELOPES, name).xml)).length).toBeGreaterThan(0);
    });

    it.each(names(ERRATA_DIVERGENT))(
      'erratum effect: %s is invalid here, valid in the draft copy',
      async (name) => {
        const sample = byName(ERRATA_DIVERGENT, name);
        expect((await ours.validate(sample.xml)).length).toBeGreaterThan(0);
        expect(await draft.validate(sample.xml)).toEqual([]);
      },
    );

    it('reports the line of the offending element', async () => {
      const xml = [
        '<ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01">',
        '  <ekmi:GlobalKeyID>10514-0-0</ekmi:GlobalKeyID>',
        '  <ekmi:GlobalKeyID>10514-x-0</ekmi:GlobalKeyID>',
        '</ekmi:SymkeyRequest>',
      ].join('\n');
      const findings = await ours.validate(xml);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.line === 3)).toBe(true);
    });

    it('reports malformed XML as a finding with its position', async () => {
      const findings = await ours.validate('<a>\n<b></a>');
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.some((f) => f.line === 2)).toBe(true);
    });

    it('refuses a DOCTYPE before parsing', async () => {
      const xml =
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' +
        '<ekmi:KeyCachePolicyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01">&x;</ekmi:KeyCachePolicyRequest>';
      const findings = await ours.validate(xml);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.message).toMatch(/DOCTYPE/);
      expect(findings[0]?.line).toBe(2);
      expect(JSON.stringify(findings)).not.toMatch(/root:/);
    });

    it('reports a schema that does not compile, and keeps working afterwards', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sksml-broken-xsd-'));
      try {
        writeFileSync(
          join(dir, 'broken.xsd'),
          '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="missingType"/></xs:schema>',
        );
        const error: unknown = await loadSchemaSet(engine, { dir, documents: ['broken.xsd'] }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(SchemaCompileError);
        expect((error as SchemaCompileError).findings.length).toBeGreaterThan(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(await ours.validate((VALID_SAMPLES[0] as Sample).xml)).toEqual([]);
      expect((await ours.validate((INVALID_SAMPLES[0] as Sample).xml)).length).toBeGreaterThan(0);
    });

    it('fails to compile a set naming a missing document with SchemaCompileError', async () => {
      await expect(
        loadSchemaSet(engine, { dir: DRAFT8_SCHEMA_SET.dir, documents: ['no-such-file.xsd'] }),
      ).rejects.toBeInstanceOf(SchemaCompileError);
    });
  });
}

describe.skipIf(javaSkip !== null)('engines agree', () => {
  it('libxml2 and xerces give the same verdict on every sample', async () => {
    const [a, b] = await Promise.all([loadSksmlSchemas('libxml2'), loadSksmlSchemas('xerces')]);
    try {
      const all = [
        ...VALID_SAMPLES,
        ...VALID_ENVELOPES,
        ...INVALID_SAMPLES,
        ...INVALID_ENVELOPES,
        ...ERRATA_DIVERGENT,
      ];
      for (const sample of all) {
        const [fa, fb] = await Promise.all([a.validate(sample.xml), b.validate(sample.xml)]);
        expect({ name: sample.name, valid: fa.length === 0 }).toEqual({
          name: sample.name,
          valid: fb.length === 0,
        });
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.skipIf(javaSkip !== null || referenceSkip !== null)('DRAFT 8.0 set as published', () => {
  it('Xerces refuses to compile it: Unique Particle Attribution (cos-nonambig)', async () => {
    const error: unknown = await loadSchemaSet('xerces', DRAFT8_SCHEMA_SET).then(
      async (v) => {
        await v.close();
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaCompileError);
    const compile = error as SchemaCompileError;
    expect(compile.code).toBe('SCHEMA_COMPILE_FAILED');
    expect(compile.findings.map((f) => f.message).join('\n')).toMatch(/cos-nonambig/);
  });

  it('libxml2 2.9.9 compiles it (it does not check UPA) and accepts an empty SymkeyResponse', async () => {
    const v = await loadSchemaSet('libxml2', DRAFT8_SCHEMA_SET);
    try {
      expect(await v.validate(byName(ERRATA_DIVERGENT, 'empty SymkeyResponse').xml)).toEqual([]);
    } finally {
      await v.close();
    }
  });
});
