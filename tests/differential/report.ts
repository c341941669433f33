/**
 * Counts and writes the differential corpus report: reports/differential/report.json (every count
 * plus each disagreement) and report.md (a short summary for people).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, type CorpusDocument, type DocumentClass, type Verdicts } from './verdicts.ts';
import type { Explanation } from './explanations.ts';

export interface DocumentOutcome {
  readonly doc: CorpusDocument;
  readonly verdicts: Verdicts;
  readonly class: DocumentClass;
  /** Erratum or engine-difference ID, when the disagreement is explained. */
  readonly explainedBy: string | null;
}

export interface DifferentialReport {
  readonly seed: number;
  readonly documents: number;
  readonly valid: number;
  readonly mutated: number;
  /** Errata samples (protocol/schema/sample-messages.ts). */
  readonly samples: number;
  /** Errata samples that the predicate of their own erratum does not explain (must be empty). */
  readonly samplesNotExplainedAsStated: readonly { id: string; expected: string; class: DocumentClass }[];
  /** Generated valid documents that our schemas reject, by explanation (should be empty: the arbitraries make valid messages). */
  readonly validRejectedByOurs: Record<string, number>;
  readonly byClass: Record<DocumentClass, number>;
  readonly byExplanation: Record<string, { summary: string; count: number }>;
  readonly byMutation: Record<
    string,
    { total: number; oursRejects: number; referenceRejects: number; disagreements: number }
  >;
  readonly byMessage: Record<string, number>;
  readonly unexplained: readonly UnexplainedEntry[];
  readonly durationMs: number;
}

export interface UnexplainedEntry {
  readonly id: string;
  readonly class: DocumentClass;
  readonly messageType: string;
  readonly mutation: string | null;
  readonly target: string | null;
  readonly variant: string | null;
  readonly verdicts: Record<string, { valid: boolean; message: string | null }>;
  readonly xml: string;
}

export function outcomeOf(
  doc: CorpusDocument,
  verdicts: Verdicts,
  explainFn: (doc: CorpusDocument, v: Verdicts, c: DocumentClass) => Explanation | null,
): DocumentOutcome {
  const c = classify(verdicts);
  const explanation = c === 'all-agree' ? null : explainFn(doc, verdicts, c);
  return { doc, verdicts, class: c, explainedBy: explanation?.id ?? null };
}

export function buildReport(
  seed: number,
  outcomes: readonly DocumentOutcome[],
  explanations: readonly Explanation[],
  durationMs: number,
): DifferentialReport {
  const byClass: Record<DocumentClass, number> = {
    'all-agree': 0,
    'ours-vs-reference': 0,
    'engine-disagreement': 0,
  };
  const byExplanation: DifferentialReport['byExplanation'] = {};
  const byMutation: DifferentialReport['byMutation'] = {};
  const byMessage: Record<string, number> = {};
  const unexplained: UnexplainedEntry[] = [];
  const samplesNotExplainedAsStated: { id: string; expected: string; class: DocumentClass }[] = [];
  const validRejectedByOurs: Record<string, number> = {};
  for (const o of outcomes) {
    const expected = o.doc.expectedErratum;
    if (o.doc.origin === 'sample' && expected !== undefined) {
      const own = explanations.find((e) => e.id === expected);
      if (o.class === 'all-agree' || !own?.explains(o.doc, o.verdicts))
        samplesNotExplainedAsStated.push({ id: o.doc.id, expected, class: o.class });
    }
    if (o.doc.origin === 'valid' && (!o.verdicts['ours/libxml2'].valid || !o.verdicts['ours/xerces'].valid)) {
      const key = o.explainedBy ?? '(unexplained)';
      validRejectedByOurs[key] = (validRejectedByOurs[key] ?? 0) + 1;
    }
    byClass[o.class]++;
    byMessage[o.doc.messageType] = (byMessage[o.doc.messageType] ?? 0) + 1;
    const key = o.doc.mutation ?? (o.doc.origin === 'sample' ? '(errata sample)' : '(valid)');
    const m = (byMutation[key] ??= { total: 0, oursRejects: 0, referenceRejects: 0, disagreements: 0 });
    m.total++;
    if (!o.verdicts['ours/libxml2'].valid || !o.verdicts['ours/xerces'].valid) m.oursRejects++;
    if (!o.verdicts['reference/libxml2'].valid || !o.verdicts['reference/xerces'].valid) m.referenceRejects++;
    if (o.class !== 'all-agree') m.disagreements++;
    if (o.class === 'all-agree') continue;
    if (o.explainedBy !== null) {
      const summary = explanations.find((e) => e.id === o.explainedBy)?.summary ?? '';
      (byExplanation[o.explainedBy] ??= { summary, count: 0 }).count++;
    } else {
      unexplained.push({
        id: o.doc.id,
        class: o.class,
        messageType: o.doc.messageType,
        mutation: o.doc.mutation,
        target: o.doc.site?.target ?? null,
        variant: o.doc.site?.variant ?? null,
        verdicts: { ...o.verdicts },
        xml: o.doc.xml,
      });
    }
  }
  return {
    seed,
    documents: outcomes.length,
    valid: outcomes.filter((o) => o.doc.origin === 'valid').length,
    mutated: outcomes.filter((o) => o.doc.origin === 'mutated').length,
    samples: outcomes.filter((o) => o.doc.origin === 'sample').length,
    samplesNotExplainedAsStated,
    validRejectedByOurs,
    byClass,
    byExplanation,
    byMutation,
    byMessage,
    unexplained,
    durationMs,
  };
}

export function formatReportMarkdown(r: DifferentialReport): string {
  const lines: string[] = [];
  lines.push('# Differential schema corpus');
  lines.push('');
  lines.push(
    `Seed ${r.seed}: ${r.documents} documents (${r.valid} valid, ${r.mutated} mutated, ${r.samples} errata samples), each validated by our schemas and by the draft-8.0 reference schemas (UPA fix applied), on libxml2 and on Xerces. ${Math.round(r.durationMs)} ms.`,
  );
  lines.push('');
  lines.push('| class | documents |');
  lines.push('|---|---|');
  for (const [k, v] of Object.entries(r.byClass)) lines.push(`| ${k} | ${v} |`);
  lines.push('');
  lines.push('## Disagreements by explanation');
  lines.push('');
  lines.push('| id | documents | explanation |');
  lines.push('|---|---|---|');
  for (const [id, e] of Object.entries(r.byExplanation).sort())
    lines.push(`| ${id} | ${e.count} | ${e.summary} |`);
  lines.push(`| (unexplained) | ${r.unexplained.length} | must be 0 |`);
  lines.push('');
  const rejected = Object.entries(r.validRejectedByOurs);
  lines.push(
    rejected.length === 0
      ? 'Every generated valid document is valid for our schemas.'
      : `Generated "valid" documents that our schemas reject: ${rejected.map(([k, n]) => `${n} (${k})`).join(', ')}. The arbitraries should not produce them.`,
  );
  lines.push(
    r.samplesNotExplainedAsStated.length === 0
      ? `Every errata sample (${r.samples}) diverges as its erratum states.`
      : `Errata samples not explained by their own erratum: ${r.samplesNotExplainedAsStated.map((x) => `${x.id} (${x.expected}, ${x.class})`).join(', ')}.`,
  );
  lines.push('');
  lines.push('## By mutation');
  lines.push('');
  lines.push('| mutation | documents | ours rejects | reference rejects | disagreements |');
  lines.push('|---|---|---|---|---|');
  for (const [name, m] of Object.entries(r.byMutation).sort())
    lines.push(`| ${name} | ${m.total} | ${m.oursRejects} | ${m.referenceRejects} | ${m.disagreements} |`);
  lines.push('');
  return lines.join('\n');
}

/** A few lines for the console. */
export function formatReportSummary(r: DifferentialReport): string {
  const explained = Object.entries(r.byExplanation)
    .sort()
    .map(([id, e]) => `${id}=${e.count}`)
    .join(' ');
  return [
    `differential corpus (seed ${r.seed}): ${r.documents} documents, ${r.valid} valid, ${r.mutated} mutated, ${r.samples} errata samples, ${Math.round(r.durationMs)} ms`,
    `  all agree ${r.byClass['all-agree']}, ours vs reference ${r.byClass['ours-vs-reference']}, engine disagreements ${r.byClass['engine-disagreement']}`,
    `  explained: ${explained || '(none)'}; unexplained: ${r.unexplained.length}`,
    ...Object.entries(r.validRejectedByOurs).map(
      ([k, n]) => `  WARNING: ${n} generated valid documents rejected by our schemas (${k})`,
    ),
    ...r.samplesNotExplainedAsStated.map(
      (x) => `  sample ${x.id} not explained by ${x.expected} (${x.class})`,
    ),
  ].join('\n');
}

export function writeReport(dir: string, r: DifferentialReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), formatReportMarkdown(r));
}
