import { describe, expect, it } from 'vitest';
import { CELLS, classify, type Cell, type Verdicts } from './verdicts.ts';

function verdicts(valid: Partial<Record<Cell, boolean>>): Verdicts {
  return Object.fromEntries(CELLS.map((c) => [c, { valid: valid[c] ?? true, message: null }])) as Verdicts;
}

describe('classify', () => {
  it('separates agreement, ours-vs-reference and engine disagreements', () => {
    expect(classify(verdicts({}))).toBe('all-agree');
    expect(
      classify(
        verdicts({
          'ours/libxml2': false,
          'ours/xerces': false,
          'reference/libxml2': false,
          'reference/xerces': false,
        }),
      ),
    ).toBe('all-agree');
    expect(classify(verdicts({ 'ours/libxml2': false, 'ours/xerces': false }))).toBe('ours-vs-reference');
    expect(classify(verdicts({ 'reference/libxml2': false, 'reference/xerces': false }))).toBe(
      'ours-vs-reference',
    );
    expect(classify(verdicts({ 'ours/xerces': false }))).toBe('engine-disagreement');
    expect(classify(verdicts({ 'reference/libxml2': false }))).toBe('engine-disagreement');
  });
});
