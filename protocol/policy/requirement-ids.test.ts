import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../requirements/load-requirements.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const spec = fileURLToPath(new URL('../../spec/', import.meta.url));
const ID = /SKSML-(?:MSG|SRV|CLT|WSS|BIND)-[0-9]+/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function known(): Set<string> {
  const ids = new Set(loadRequirements(join(spec, 'requirements.json')).map((r) => r.id));
  // The policy additions live in their own file until the lead merges them.
  const extra = join(spec, 'requirements-policy.json');
  if (existsSync(extra)) for (const r of loadRequirements(extra)) ids.add(r.id);
  return ids;
}

describe('requirement IDs of protocol/policy', () => {
  const ids = known();
  const citedIn = (files: string[]): Set<string> =>
    new Set(files.flatMap((f) => readFileSync(f, 'utf8').match(ID) ?? []));
  const cited = citedIn(sourceFiles(here));
  const enforced = citedIn(
    sourceFiles(here).filter((f) => !f.endsWith('.test.ts') && !f.endsWith('test-support.ts')),
  );

  it('every cited ID is catalogued', () => {
    expect([...cited].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('every project client rule (SKSML-CLT-101..116) is enforced somewhere and documented', () => {
    const doc = readFileSync(join(spec, 'policy-semantics.md'), 'utf8');
    for (let n = 101; n <= 116; n++) {
      const id = `SKSML-CLT-${n}`;
      expect(ids.has(id), id).toBe(true);
      expect(enforced.has(id), id).toBe(true);
      expect(doc.includes(id), id).toBe(true);
    }
  });
});
