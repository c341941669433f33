import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../protocol/requirements/load-requirements.ts';
import { renderRequirementsMarkdown } from '../protocol/requirements/render-markdown.ts';
import { expectedRequirementsMarkdown, REQUIREMENTS_MD_PATH } from './generate-requirements-table.ts';

describe('spec/requirements.md', () => {
  it('is up to date with spec/requirements.json', () => {
    let committed = '';
    try {
      committed = readFileSync(REQUIREMENTS_MD_PATH, 'utf8');
    } catch {
      // reported by the assertion below
    }
    expect(
      committed === expectedRequirementsMarkdown(),
      'spec/requirements.md is stale or missing: run npm run gen:requirements',
    ).toBe(true);
  });

  it('lists every requirement once, grouped by target, with escaped cells', () => {
    const reqs = loadRequirements();
    const md = renderRequirementsMarkdown(reqs);
    for (const r of reqs) expect(md.split(`| ${r.id} |`).length - 1, r.id).toBe(1);
    expect(md.indexOf('## Messages')).toBeLessThan(md.indexOf('## Servers'));
    expect(md.indexOf('## Servers')).toBeLessThan(md.indexOf('## Clients'));
    const piped = renderRequirementsMarkdown([
      { id: 'SKSML-MSG-101', level: 'MUST', target: 'message', statement: 'a | b', source: 's' },
    ]);
    expect(piped).toContain('a \\| b');
    expect(piped).not.toContain('## Servers');
  });
});
