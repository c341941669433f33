/** Requirement → cases → outcome: the traceability matrix every report shows. */
import type { RequirementCoverage } from '../catalogue/coverage.ts';
import type { CaseResult, CaseStatus, RunResult } from '../model/result.ts';

export type RequirementOutcome = 'failed' | 'passed' | 'cantTell' | 'inapplicable' | 'untested' | 'untestable' | 'uncovered';

export interface MatrixRow {
  readonly id: string;
  readonly level: string;
  readonly statement: string;
  readonly outcome: RequirementOutcome;
  readonly cases: readonly { readonly id: string; readonly status: CaseStatus | 'untested' }[];
  readonly everyResponse: boolean;
  readonly untestable: string | null;
}

function failedRequirements(results: readonly CaseResult[]): Set<string> {
  return new Set(results.flatMap((r) => r.findings.flatMap((f) => f.requirements)));
}

export function buildMatrix(run: RunResult, coverage: readonly RequirementCoverage[]): MatrixRow[] {
  const byId = new Map(run.results.map((r) => [r.id, r]));
  const failed = failedRequirements(run.results);
  const anyPass = run.results.some((r) => r.status === 'pass');
  return coverage.map((entry) => {
    const cases = entry.cases.map((id) => ({ id, status: byId.get(id)?.status ?? ('untested' as const) }));
    const statuses = new Set(cases.map((c) => c.status));
    let outcome: RequirementOutcome;
    if (failed.has(entry.requirement.id)) outcome = 'failed';
    else if (statuses.has('pass') || (entry.everyResponse && anyPass)) outcome = 'passed';
    else if (statuses.has('error')) outcome = 'cantTell';
    else if (statuses.has('skip')) outcome = 'inapplicable';
    else if (statuses.has('untested')) outcome = 'untested';
    else if (entry.untestable !== null) outcome = 'untestable';
    else outcome = 'uncovered';
    return {
      id: entry.requirement.id,
      level: entry.requirement.level,
      statement: entry.requirement.statement,
      outcome,
      cases,
      everyResponse: entry.everyResponse,
      untestable: entry.untestable,
    };
  });
}

export function countOutcomes(rows: readonly MatrixRow[]): Record<RequirementOutcome, number> {
  const out: Record<RequirementOutcome, number> = {
    failed: 0,
    passed: 0,
    cantTell: 0,
    inapplicable: 0,
    untested: 0,
    untestable: 0,
    uncovered: 0,
  };
  for (const r of rows) out[r.outcome]++;
  return out;
}
