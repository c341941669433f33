/**
 * Writes every report of one run into a folder: report.json (and report.json.sig when signing),
 * junit.xml, earl.jsonld, report.html, and requests/<case>--<step>.xml for each failed or
 * erroring case so the curl lines of the HTML report replay them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequirementCoverage } from '../catalogue/coverage.ts';
import type { RunResult } from '../model/result.ts';
import { buildEarlReport } from './earl-report.ts';
import { buildHtmlReport } from './html-report.ts';
import { buildJsonReport, serializeJsonReport } from './json-report.ts';
import { buildJunitXml } from './junit-report.ts';
import { signReport, type ReportSigner } from './sign-report.ts';
import { buildMatrix } from './traceability.ts';

export interface WrittenReports {
  readonly json: string;
  readonly signature: string | null;
  readonly junit: string;
  readonly earl: string;
  readonly html: string;
  readonly requests: readonly string[];
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function writeReports(
  run: RunResult,
  coverage: readonly RequirementCoverage[],
  dir: string,
  options: { readonly signer?: ReportSigner } = {},
): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const requestFiles = new Map<string, string>();
  const requests: string[] = [];
  for (const r of run.results) {
    if (r.status !== 'fail' && r.status !== 'error') continue;
    for (const e of r.evidence) {
      const relative = `requests/${safeName(r.id)}--${safeName(e.step)}.xml`;
      mkdirSync(join(dir, 'requests'), { recursive: true });
      writeFileSync(join(dir, relative), e.requestBody);
      requestFiles.set(`${r.id}/${e.step}`, relative);
      requests.push(join(dir, relative));
    }
  }
  const matrix = buildMatrix(run, coverage);
  const json = join(dir, 'report.json');
  const jsonBytes = Buffer.from(serializeJsonReport(buildJsonReport(run, matrix, requestFiles)), 'utf8');
  writeFileSync(json, jsonBytes);
  let signature: string | null = null;
  if (options.signer !== undefined) {
    signature = `${json}.sig`;
    writeFileSync(signature, signReport(jsonBytes, options.signer));
  }
  const junit = join(dir, 'junit.xml');
  writeFileSync(junit, buildJunitXml(run));
  const earl = join(dir, 'earl.jsonld');
  writeFileSync(earl, `${JSON.stringify(buildEarlReport(run), null, 2)}\n`);
  const html = join(dir, 'report.html');
  writeFileSync(html, buildHtmlReport(run, matrix, requestFiles));
  return { json, signature, junit, earl, html, requests };
}
