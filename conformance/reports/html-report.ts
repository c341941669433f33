/**
 * A self-contained HTML report (no external assets): summary, traceability matrix, every case,
 * and for each failure the exact request and response with a curl line to replay it.
 */
import { escapeAttribute, escapeText } from '../../protocol/xml/escape.ts';
import type { CaseResult, RunResult } from '../model/result.ts';
import { curlLine } from './curl.ts';
import { countOutcomes, type MatrixRow } from './traceability.ts';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0;width:100%}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
pre{background:#f8f8f8;border:1px solid #ddd;padding:.6em;overflow:auto;max-height:30em;white-space:pre-wrap;word-break:break-all}
.pass,.passed{color:#14692b;font-weight:600}.fail,.failed{color:#b00020;font-weight:600}
.error,.cantTell{color:#8a5a00;font-weight:600}.skip,.inapplicable,.untested,.untestable{color:#666}
.uncovered{color:#b00020}
code{font-size:90%}
`;

function esc(text: string): string {
  return escapeText(text);
}

function badge(status: string): string {
  return `<span class="${escapeAttribute(status)}">${esc(status)}</span>`;
}

function matrixTable(rows: readonly MatrixRow[]): string {
  const lines = rows.map(
    (r) =>
      `<tr id="req-${escapeAttribute(r.id)}"><td><code>${esc(r.id)}</code></td><td>${esc(r.level)}</td><td>${esc(r.statement)}</td>` +
      `<td>${r.cases.map((c) => `<a href="#case-${escapeAttribute(c.id)}">${esc(c.id)}</a> ${badge(c.status)}`).join('<br>')}` +
      `${r.everyResponse ? `${r.cases.length > 0 ? '<br>' : ''}<em>checked on every response</em>` : ''}` +
      `${r.untestable === null ? '' : `<em>not testable over the wire: ${esc(r.untestable)}</em>`}</td><td>${badge(r.outcome)}</td></tr>`,
  );
  return `<table class="matrix"><thead><tr><th>Requirement</th><th>Level</th><th>Statement</th><th>Cases</th><th>Outcome</th></tr></thead><tbody>${lines.join('')}</tbody></table>`;
}

function failureDetails(r: CaseResult, requestFiles: ReadonlyMap<string, string>): string {
  const findings = `<ul>${r.findings
    .map((f) => `<li><code>${esc(f.requirements.join(', '))}</code> step <code>${esc(f.step)}</code>, ${esc(f.check)}: ${esc(f.message)}</li>`)
    .join('')}</ul>`;
  const steps = r.evidence
    .map((e) => {
      const file = requestFiles.get(`${r.id}/${e.step}`) ?? `${r.id}--${e.step}.xml`;
      const req = e.exchange.request;
      const res = e.exchange.response;
      const headers = (h: Readonly<Record<string, string>>): string =>
        Object.entries(h)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n');
      return (
        `<h4>Step ${esc(e.step)}</h4>` +
        `<p>Replay: <code>${esc(curlLine(e.exchange, file))}</code></p>` +
        `<p>Request ${esc(req.method)} ${esc(req.url)} (${req.bodyBytes} bytes, sha256 ${esc(req.bodySha256)}${req.truncated ? ', shown truncated' : ''})</p>` +
        `<pre>${esc(headers(req.headers))}\n\n${esc(req.body)}</pre>` +
        (res === null
          ? `<p>No response: ${esc(e.exchange.transportError ?? '')}</p>`
          : `<p>Response HTTP ${res.status} (${res.bodyBytes} bytes${res.truncated ? ', shown truncated' : ''})</p><pre>${esc(headers(res.headers))}\n\n${esc(res.body)}</pre>`)
      );
    })
    .join('');
  return findings + steps;
}

function caseSection(r: CaseResult, requestFiles: ReadonlyMap<string, string>): string {
  const head = `<h3 id="case-${escapeAttribute(r.id)}">${badge(r.status)} <code>${esc(r.id)}</code>: ${esc(r.title)}</h3>`;
  const reqs = `<p>Requirements: ${r.requirements.map((id) => `<a href="#req-${escapeAttribute(id)}"><code>${esc(id)}</code></a>`).join(', ')}; ${r.durationMs} ms</p>`;
  const reason = r.reason === undefined ? '' : `<p>${esc(r.reason)}</p>`;
  const details = r.status === 'fail' || r.status === 'error' ? failureDetails(r, requestFiles) : '';
  return `<section>${head}${reqs}${reason}${details}</section>`;
}

export function buildHtmlReport(
  run: RunResult,
  matrix: readonly MatrixRow[],
  requestFiles: ReadonlyMap<string, string> = new Map(),
): string {
  const s = run.summary;
  const o = countOutcomes(matrix);
  const title = `SKSML conformance: ${run.target.name}`;
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>` +
    `<h1>${esc(title)}</h1>` +
    `<p>Target <code>${esc(run.target.url)}</code>, started ${esc(run.startedAt)}, SOAP ${esc(run.profile.soapVersion)}, DomainID ${esc(run.profile.domainId)}, capabilities: ${esc(run.profile.capabilities.join(', ') || 'none')}.</p>` +
    `<h2>Summary</h2><table><tr><th>cases</th><th>pass</th><th>fail</th><th>error</th><th>skip</th><th>time</th></tr>` +
    `<tr><td>${s.total}</td><td class="pass">${s.pass}</td><td class="fail">${s.fail}</td><td class="error">${s.error}</td><td>${s.skip}</td><td>${s.durationMs} ms</td></tr></table>` +
    `<p>Requirements: ${Object.entries(o)
      .map(([k, v]) => `${badge(k)} ${v}`)
      .join(' · ')}</p>` +
    `<h2>Traceability matrix</h2>${matrixTable(matrix)}` +
    `<h2>Cases</h2>${run.results.map((r) => caseSection(r, requestFiles)).join('')}` +
    `</body></html>\n`
  );
}
