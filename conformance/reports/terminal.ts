/** Live progress lines and the closing summary for the terminal. */
import type { CaseResult, RunResult } from '../model/result.ts';

const MARK: Record<CaseResult['status'], string> = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR', skip: 'SKIP ' };

export function formatProgress(result: CaseResult, index: number, total: number): string {
  const n = String(index + 1).padStart(String(total).length);
  let line = `[${n}/${total}] ${MARK[result.status]} ${result.id} (${Math.round(result.durationMs)} ms)`;
  if (result.status === 'fail')
    line += result.findings
      .slice(0, 3)
      .map((f) => `\n        ${f.requirements.join(', ')}: ${f.message}`)
      .join('');
  if ((result.status === 'error' || result.status === 'skip') && result.reason !== undefined)
    line += `\n        ${result.reason}`;
  return `${line}\n`;
}

export function formatSummary(run: RunResult): string {
  const s = run.summary;
  return `${s.total} cases: ${s.pass} passed, ${s.fail} failed, ${s.error} errors, ${s.skip} skipped in ${(s.durationMs / 1000).toFixed(1)} s\n`;
}
