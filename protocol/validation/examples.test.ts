import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexRequirements, loadRequirements } from '../requirements/load-requirements.ts';
import { EXAMPLES_DIR, findingsOf, readExample } from './test-support.ts';

const valid = readdirSync(`${EXAMPLES_DIR}valid`).filter((f) => f.endsWith('.xml'));
const invalid = readdirSync(`${EXAMPLES_DIR}invalid`).filter((f) => f.endsWith('.xml'));
const catalogue = indexRequirements(loadRequirements());

describe('spec/examples', () => {
  it('has examples of every message, valid and invalid', () => {
    for (const root of [
      'SymkeyRequest',
      'SymkeyResponse',
      'KeyCachePolicyRequest',
      'KeyCachePolicyResponse',
    ]) {
      expect(
        valid.some(
          (f) =>
            readExample(`valid/${f}`).includes(`${root} `) || readExample(`valid/${f}`).includes(`${root}>`),
        ),
      ).toBe(true);
    }
    expect(invalid.length).toBeGreaterThanOrEqual(15);
  });

  it.each(valid)('valid/%s has no semantic finding', (file) => {
    expect(findingsOf(readExample(`valid/${file}`))).toEqual([]);
  });

  it.each(invalid)('invalid/%s reports its expected code', (file) => {
    const text = readExample(`invalid/${file}`);
    const expected = /<!-- expect: ([A-Z_]+) -->/.exec(text)?.[1];
    expect(expected, 'each invalid example names its expected code').toBeDefined();
    const findings = findingsOf(text);
    expect(findings.map((f) => f.code)).toContain(expected);
    for (const f of findings) {
      expect(catalogue.has(f.requirement), `${f.requirement} is catalogued`).toBe(true);
      expect(f.line).toBeGreaterThan(3); // after the declaration and the two comments
      expect(f.path.startsWith('/')).toBe(true);
    }
  });
});
