import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadRequirements,
  parseRequirementCatalogue,
  RequirementCatalogueError,
} from './load-requirements.ts';
import { compareRequirementIds, parseRequirementId } from './requirement.ts';

const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'SKSML-MSG-101',
  level: 'MUST',
  target: 'message',
  statement: 'A statement.',
  source: 'project decision: here',
  ...over,
});
const catalogue = (...requirements: unknown[]): unknown => ({ format: 'sksml-requirements/1', requirements });

describe('the committed catalogue', () => {
  const reqs = loadRequirements();
  it('holds all 73 research items with their family and number', () => {
    for (let n = 1; n <= 73; n++) {
      const family = n <= 35 ? 'MSG' : n <= 52 ? 'SRV' : 'CLT';
      expect(
        reqs.some((r) => r.id === `SKSML-${family}-${n}`),
        `SKSML-${family}-${n}`,
      ).toBe(true);
    }
  });
  it('maps the research tags to levels (S -> SHOULD, Y -> MAY, X/D -> MUST with a note)', () => {
    const byId = new Map(reqs.map((r) => [r.id, r]));
    expect(byId.get('SKSML-MSG-6')?.level).toBe('SHOULD');
    expect(byId.get('SKSML-SRV-46')?.level).toBe('MAY');
    expect(byId.get('SKSML-MSG-9')?.notes).toMatch(/schema-enforced/i);
    expect(byId.get('SKSML-SRV-40')?.notes).toMatch(/inferred/i);
  });
  it('has project requirements from 101 upward with a project-decision source', () => {
    const own = reqs.filter((r) => (parseRequirementId(r.id)?.number ?? 0) >= 101);
    expect(own.length).toBeGreaterThanOrEqual(15);
    for (const r of own) expect(r.source).toMatch(/^project decision: |project decision/);
  });
  it('is cached per process', () => {
    expect(loadRequirements()).toBe(reqs);
  });
});

describe('parseRequirementCatalogue', () => {
  it('accepts a minimal well-formed catalogue', () => {
    expect(
      parseRequirementCatalogue(catalogue(entry(), entry({ id: 'SKSML-WSS-1', target: 'server' })))
        .requirements,
    ).toHaveLength(2);
  });
  it.each([
    ['a duplicate id', catalogue(entry(), entry()), /duplicate requirement id SKSML-MSG-101/],
    ['a malformed id', catalogue(entry({ id: 'SKSML-MSG-07' })), /id does not match/],
    ['an unknown family', catalogue(entry({ id: 'SKSML-FOO-1' })), /id does not match/],
    ['an unknown level', catalogue(entry({ level: 'MUST NOT' })), /level must be one of/],
    ['an unknown target', catalogue(entry({ target: 'proxy' })), /target must be one of/],
    [
      'a family/target mismatch',
      catalogue(entry({ target: 'server' })),
      /MSG requirements have target 'message'/,
    ],
    ['a number outside the family range', catalogue(entry({ id: 'SKSML-MSG-40' })), /MSG numbers are 1-35/],
    ['an empty statement', catalogue(entry({ statement: ' ' })), /statement must be/],
    ['an unknown testability', catalogue(entry({ testability: 'magic' })), /testability must be/],
    ['an unknown field', catalogue(entry({ severity: 'high' })), /unknown field 'severity'/],
    ['a wrong format marker', { format: 'x', requirements: [] }, /format must be/],
    ['a non-array list', { format: 'sksml-requirements/1', requirements: {} }, /must be an array/],
  ])('rejects %s', (_label, value, message) => {
    expect(() => parseRequirementCatalogue(value)).toThrow(RequirementCatalogueError);
    expect(() => parseRequirementCatalogue(value)).toThrow(message);
  });
  it('loads a given file and reports unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-req-'));
    const file = join(dir, 'r.json');
    writeFileSync(file, JSON.stringify(catalogue(entry())));
    expect(loadRequirements(file).map((r) => r.id)).toEqual(['SKSML-MSG-101']);
    writeFileSync(file, '{ not json');
    expect(() => loadRequirements(file)).toThrow(/cannot read/);
  });
});

describe('requirement IDs', () => {
  it('sort by family and then numerically', () => {
    const ids = ['SKSML-CLT-53', 'SKSML-MSG-101', 'SKSML-MSG-2', 'SKSML-SRV-36', 'SKSML-MSG-10'];
    expect([...ids].sort(compareRequirementIds)).toEqual([
      'SKSML-MSG-2',
      'SKSML-MSG-10',
      'SKSML-MSG-101',
      'SKSML-SRV-36',
      'SKSML-CLT-53',
    ]);
  });
});
