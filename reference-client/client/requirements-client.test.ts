import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../../protocol/requirements/load-requirements.ts';

const SPEC = fileURLToPath(new URL('../../spec/requirements-client.json', import.meta.url));
const CLIENT_DIR = fileURLToPath(new URL('..', import.meta.url));
const OWN = ['client', 'transport', 'errors', 'testing', 'cache', 'usage', 'data'];
/** Where each block of the catalogue is specified, as a rules table. */
const BLOCKS = [
  { first: 121, doc: 'client.md' },
  { first: 141, doc: 'client-usage.md' },
] as const;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('spec/requirements-client.json', () => {
  const requirements = loadRequirements(SPEC);
  const ids = new Set(requirements.map((r) => r.id));

  function blockOf(n: number): (typeof BLOCKS)[number] | undefined {
    return [...BLOCKS].reverse().find((b) => n >= b.first);
  }

  it('is a valid catalogue of client requirements, each block numbered without gaps', () => {
    expect(requirements.length).toBeGreaterThan(5);
    const numbers = requirements
      .map((r) => Number(/^SKSML-CLT-(\d+)$/.exec(r.id)?.[1]))
      .sort((a, b) => a - b);
    for (const block of BLOCKS) {
      const inBlock = numbers.filter((n) => blockOf(n) === block);
      expect(inBlock.length, `block ${block.first}`).toBeGreaterThan(0);
      expect(inBlock).toEqual(inBlock.map((_, i) => block.first + i));
    }
    expect(numbers.every((n) => blockOf(n) !== undefined)).toBe(true);
    expect(requirements.every((r) => r.target === 'client')).toBe(true);
  });

  it('defines every SKSML-CLT-121+ ID the client code cites', () => {
    const cited = new Set<string>();
    for (const file of OWN.flatMap((d) => sources(join(CLIENT_DIR, d))))
      for (const m of readFileSync(file, 'utf8').matchAll(/SKSML-CLT-(\d+)/g))
        if (Number(m[1]) >= 121) cited.add(m[0]);
    expect(cited.size).toBeGreaterThan(8);
    expect([...cited].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('matches the rules tables of spec/client.md and spec/client-usage.md', () => {
    for (const r of requirements) {
      const block = blockOf(Number(/(\d+)$/.exec(r.id)?.[1]));
      expect(block, r.id).toBeDefined();
      const doc = new URL(`../../spec/${block?.doc ?? ''}`, import.meta.url);
      const markdown = readFileSync(fileURLToPath(doc), 'utf8');
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${r.id} |`));
      expect(row, r.id).toBe(`| ${r.id} | ${r.level} | client | ${r.statement} |`);
    }
  });
});
