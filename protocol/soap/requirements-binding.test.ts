import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../requirements/load-requirements.ts';

const SPEC = fileURLToPath(new URL('../../spec/requirements-binding.json', import.meta.url));
const SOAP_DIR = fileURLToPath(new URL('.', import.meta.url));

describe('spec/requirements-binding.json', () => {
  const requirements = loadRequirements(SPEC);
  const ids = new Set(requirements.map((r) => r.id));

  it('is a valid catalogue of SKSML-BIND requirements numbered 1..n without gaps', () => {
    expect(requirements.length).toBeGreaterThan(0);
    expect(requirements.every((r) => r.id.startsWith('SKSML-BIND-'))).toBe(true);
    const numbers = requirements.map((r) => Number(r.id.slice('SKSML-BIND-'.length))).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('defines every SKSML-BIND ID the SOAP code cites', () => {
    const cited = new Set<string>();
    for (const file of readdirSync(SOAP_DIR)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      for (const m of readFileSync(`${SOAP_DIR}/${file}`, 'utf8').matchAll(/SKSML-BIND-\d+/g))
        cited.add(m[0]);
    }
    expect(cited.size).toBeGreaterThan(10);
    expect([...cited].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('matches the rules written in spec/binding.md', () => {
    const markdown = readFileSync(fileURLToPath(new URL('../../spec/binding.md', import.meta.url)), 'utf8');
    for (const r of requirements) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${r.id} |`));
      expect(row, r.id).toBeDefined();
      expect(row).toContain(`| ${r.level} |`);
    }
  });
});
