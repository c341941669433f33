import { describe, expect, it } from 'vitest';
import { SKSML_NS } from '../../protocol/model/namespaces.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { ERRATA_EXPLANATIONS, explain } from './explanations.ts';
import { buildReport, formatReportMarkdown, outcomeOf } from './report.ts';
import { CELLS, type Cell, type CorpusDocument, type Verdicts } from './verdicts.ts';

function doc(id: string, xml: string, mutation: string | null): CorpusDocument {
  return {
    id,
    origin: mutation === null ? 'valid' : 'mutated',
    messageType: 'SymkeyRequest',
    mutation,
    site: mutation === null ? null : { path: [0], target: 'GlobalKeyID', variant: '' },
    tree: parseXml(xml).root,
    xml,
  };
}

function verdicts(valid: Partial<Record<Cell, boolean>>): Verdicts {
  return Object.fromEntries(CELLS.map((c) => [c, { valid: valid[c] ?? true, message: null }])) as Verdicts;
}

const E = `xmlns:ekmi="${SKSML_NS}"`;

describe('buildReport', () => {
  it('counts classes, explanations and mutations, and lists what is unexplained', () => {
    const explainFn = (d: CorpusDocument, v: Verdicts) => explain(ERRATA_EXPLANATIONS, d, v);
    const outcomes = [
      outcomeOf(
        doc(
          'a',
          `<ekmi:SymkeyRequest ${E}><ekmi:GlobalKeyID>1-2-3</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`,
          null,
        ),
        verdicts({}),
        explainFn,
      ),
      outcomeOf(
        doc(
          'b',
          `<ekmi:SymkeyRequest ${E}><ekmi:GlobalKeyID>01-2-3</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`,
          'id-leading-zero',
        ),
        verdicts({ 'ours/libxml2': false, 'ours/xerces': false }),
        explainFn,
      ),
      outcomeOf(
        doc(
          'c',
          `<ekmi:SymkeyRequest ${E}><ekmi:GlobalKeyID>1-2-3</ekmi:GlobalKeyID></ekmi:SymkeyRequest>`,
          'drop-element',
        ),
        verdicts({ 'reference/libxml2': false, 'reference/xerces': false }),
        explainFn,
      ),
    ];
    const r = buildReport(7, outcomes, ERRATA_EXPLANATIONS, 1);
    expect(r.documents).toBe(3);
    expect(r.valid).toBe(1);
    expect(r.byClass).toEqual({ 'all-agree': 1, 'ours-vs-reference': 2, 'engine-disagreement': 0 });
    expect(r.byExplanation.E2?.count).toBe(1);
    expect(r.unexplained.map((u) => u.id)).toEqual(['c']);
    expect(r.byMutation['id-leading-zero']).toEqual({
      total: 1,
      oursRejects: 1,
      referenceRejects: 0,
      disagreements: 1,
    });
    expect(formatReportMarkdown(r)).toContain('| E2 | 1 |');
  });
});
