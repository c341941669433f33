/**
 * `npm run differential` (proposed): runs the differential schema corpus outside vitest and
 * prints its report. SKSML_SEED=<integer> changes the seed; the report is written to
 * reports/differential/. Exit status 1 when a disagreement is unexplained.
 */
import { resolve } from 'node:path';
import { formatReportSummary, writeReport } from '../tests/differential/report.ts';
import { runDifferential, seedFromEnv } from '../tests/differential/run-corpus.ts';

const REPORT_DIR = resolve(import.meta.dirname, '../reports/differential');

async function main(): Promise<number> {
  const { report } = await runDifferential(seedFromEnv());
  writeReport(REPORT_DIR, report);
  console.log(formatReportSummary(report));
  for (const [id, e] of Object.entries(report.byExplanation).sort())
    console.log(`  ${id.padEnd(6)} ${String(e.count).padStart(5)}  ${e.summary}`);
  for (const u of report.unexplained.slice(0, 20)) {
    const cells = Object.entries(u.verdicts)
      .map(([cell, v]) => `${cell}=${v.valid ? 'valid' : 'invalid'}`)
      .join(' ');
    console.log(
      `UNEXPLAINED ${u.id} ${u.class} ${u.messageType} ${u.mutation ?? '(valid)'} ${u.target ?? ''}: ${cells}`,
    );
  }
  console.log(`report: ${REPORT_DIR}/report.md`);
  return report.unexplained.length === 0 ? 0 : 1;
}

process.exitCode = await main();
