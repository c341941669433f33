/**
 * The differential schema corpus: >= 2,000 documents (valid messages from the arbitraries and
 * named mutations of them), each validated by our schemas and by the draft-8.0 reference
 * schemas (UPA fix only, in a temp working copy), each on libxml2 and on Xerces. Fails on any
 * disagreement that no erratum (or documented engine difference) explains. Writes
 * reports/differential/report.{json,md}. Seed: SKSML_SEED, default fixed for CI.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../../protocol/testkit/external-tool.ts';
import { draft8ReferenceSkipReason } from '../../protocol/testkit/reference-schemas.ts';
import { MUTATIONS } from '../../protocol/testkit/mutations.ts';
import { formatReportSummary, writeReport } from './report.ts';
import { runDifferential, seedFromEnv, type DifferentialRun } from './run-corpus.ts';

const REPORT_DIR = resolve(import.meta.dirname, '../../reports/differential');

const skip = toolSkipReason('java', hasTool('java', ['-version'])) ?? draft8ReferenceSkipReason();

describe.skipIf(skip !== null)('differential schema corpus (ours vs draft-8.0, libxml2 vs Xerces)', () => {
  let run: DifferentialRun;

  beforeAll(async () => {
    run = await runDifferential(seedFromEnv());
    writeReport(REPORT_DIR, run.report);
    console.log(formatReportSummary(run.report));
  }, 300_000);

  it('has at least 800 valid and 1,200 mutated documents covering every message and mutation', () => {
    const r = run.report;
    expect(r.valid).toBeGreaterThanOrEqual(800);
    expect(r.mutated).toBeGreaterThanOrEqual(1200);
    expect(r.documents).toBeGreaterThanOrEqual(2000);
    expect(Object.keys(r.byMessage).sort()).toEqual([
      'KeyCachePolicyRequest',
      'KeyCachePolicyResponse',
      'SymkeyRequest',
      'SymkeyResponse',
    ]);
    for (const m of MUTATIONS) expect(r.byMutation[m.name]?.total ?? 0, m.name).toBeGreaterThan(0);
  });

  it('finds the mutations: most mutated documents are rejected by both schema sets', () => {
    const rejectedByBoth = run.outcomes.filter(
      (o) =>
        o.doc.origin === 'mutated' &&
        !o.verdicts['ours/libxml2'].valid &&
        !o.verdicts['ours/xerces'].valid &&
        !o.verdicts['reference/libxml2'].valid &&
        !o.verdicts['reference/xerces'].valid,
    ).length;
    expect(rejectedByBoth).toBeGreaterThan(run.report.mutated / 2);
  });

  it('accepts every generated valid document with our schemas', () => {
    expect(run.report.validRejectedByOurs).toEqual({});
  });

  it('sees every errata sample diverge exactly as its erratum states', () => {
    expect(run.report.samples).toBeGreaterThan(0);
    expect(run.report.samplesNotExplainedAsStated).toEqual([]);
  });

  it('explains every disagreement by an erratum or a documented engine difference', () => {
    const lines = run.report.unexplained.slice(0, 20).map(
      (u) =>
        `${u.id} ${u.class} ${u.messageType} ${u.mutation ?? '(valid)'} ${u.target ?? ''} ${u.variant ?? ''}: ` +
        Object.entries(u.verdicts)
          .map(([cell, v]) => `${cell}=${v.valid ? 'valid' : `invalid (${v.message ?? ''})`}`)
          .join('; '),
    );
    expect(lines).toEqual([]);
  });
});
