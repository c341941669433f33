import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEMANTIC_RULES } from './validate-semantics.ts';

describe('protocol/validation/README.md', () => {
  it('documents every finding code the rules can report', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const code of SEMANTIC_RULES.flatMap((r) => r.codes))
      expect(readme, code).toMatch(new RegExp(`\\|\\s*${code}\\s*\\|`));
  });
});
