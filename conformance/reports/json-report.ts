/** The JSON report: schema-versioned, one object per case, evidence included. */
import { arch, platform } from 'node:os';
import type { CaseResult, RunResult } from '../model/result.ts';
import { countOutcomes, type MatrixRow } from './traceability.ts';

export const JSON_REPORT_FORMAT = 'sksml-conformance-report/1';
export const HARNESS = { name: 'sksml conformance harness', version: '0.1.0', contract: 'sksml-runner-contract/1' };

function caseEntry(r: CaseResult, requestFiles: ReadonlyMap<string, string>): unknown {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    requirements: r.requirements,
    durationMs: r.durationMs,
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    findings: r.findings,
    evidence: r.evidence.map((e) => ({
      step: e.step,
      ...e.exchange,
      ...(requestFiles.has(`${r.id}/${e.step}`) ? { requestFile: requestFiles.get(`${r.id}/${e.step}`) } : {}),
    })),
  };
}

export function buildJsonReport(
  run: RunResult,
  matrix: readonly MatrixRow[],
  requestFiles: ReadonlyMap<string, string> = new Map(),
): unknown {
  return {
    format: JSON_REPORT_FORMAT,
    generatedAt: new Date().toISOString(),
    startedAt: run.startedAt,
    harness: HARNESS,
    environment: { node: process.version, platform: platform(), arch: arch() },
    target: run.target,
    profile: run.profile,
    summary: run.summary,
    coverage: {
      outcomes: countOutcomes(matrix),
      requirements: matrix.map((m) => ({
        id: m.id,
        level: m.level,
        outcome: m.outcome,
        cases: m.cases,
        ...(m.everyResponse ? { everyResponse: true } : {}),
        ...(m.untestable === null ? {} : { untestable: m.untestable }),
      })),
    },
    cases: run.results.map((r) => caseEntry(r, requestFiles)),
    untested: run.unselected,
  };
}

export function serializeJsonReport(report: unknown): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
