/** Text rendering of a lint report (the JSON form is the report object itself). */
import type { LintReport } from './lint.ts';

export function formatLintReport(report: LintReport): string {
  const lines: string[] = [];
  lines.push(`schema set ${report.dir}: ${report.documents.join(', ')}`);
  lines.push(`engines: ${report.engines.map((e) => `${e.engine} ${e.status}`).join(', ') || '(none)'}`);
  for (const f of report.findings) {
    const where = f.file === null ? '(set)' : f.line === null ? f.file : `${f.file}:${f.line}`;
    const component = f.component === null ? '' : ` [${f.component}]`;
    lines.push(`${where}: ${f.severity} ${f.rule}${component}: ${f.message}`);
  }
  const s = report.summary;
  lines.push(`${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info`);
  return lines.join('\n') + '\n';
}
