/** JUnit XML: one testsuite, one testcase per case (failure, error or skipped as the status says). */
import { escapeAttribute, escapeText } from '../../protocol/xml/escape.ts';
import type { CaseResult, RunResult } from '../model/result.ts';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(r: CaseResult): string {
  const open = `<testcase classname="sksml.conformance" name="${escapeAttribute(r.id)}" time="${seconds(r.durationMs)}">`;
  const details = r.findings.map((f) => `[${f.requirements.join(', ')}] ${f.step} ${f.check}: ${f.message}`).join('\n');
  let body = '';
  if (r.status === 'fail')
    body = `<failure message="${escapeAttribute(r.findings[0]?.message ?? 'failed')}" type="${escapeAttribute(
      [...new Set(r.findings.flatMap((f) => f.requirements))].join(' '),
    )}">${escapeText(details)}</failure>`;
  else if (r.status === 'error')
    body = `<error message="${escapeAttribute(r.reason ?? 'error')}" type="harness">${escapeText(r.reason ?? '')}</error>`;
  else if (r.status === 'skip') body = `<skipped message="${escapeAttribute(r.reason ?? 'skipped')}"/>`;
  const properties = `<properties>${r.requirements
    .map((id) => `<property name="requirement" value="${escapeAttribute(id)}"/>`)
    .join('')}</properties>`;
  return `  ${open}${properties}${body}<system-out>${escapeText(r.title)}</system-out></testcase>\n`;
}

export function buildJunitXml(run: RunResult): string {
  const s = run.summary;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="sksml conformance" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip}" time="${seconds(s.durationMs)}">\n` +
    ` <testsuite name="${escapeAttribute(`sksml conformance: ${run.target.name}`)}" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip}" time="${seconds(s.durationMs)}" timestamp="${escapeAttribute(run.startedAt)}">\n` +
    run.results.map(testcase).join('') +
    ` </testsuite>\n</testsuites>\n`
  );
}
