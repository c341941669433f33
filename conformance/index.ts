/** Public API of the conformance harness (the lead's entry points: CLI, npm start, benchmarks). */
export { ALL_CASES } from './cases/index.ts';
export { computeCoverage, requirementsOfCase } from './catalogue/coverage.ts';
export type { CoverageReport, RequirementCoverage } from './catalogue/coverage.ts';
export { loadCatalogue } from './catalogue/load-catalogue.ts';
export { loadUntestable } from './catalogue/untestable.ts';
export { CHECKS, checkNamed } from './checks/registry.ts';
export { NAMED_MUTATIONS } from './engine/mutations.ts';
export { runSuite } from './engine/run-suite.ts';
export type { RunOptions } from './engine/run-suite.ts';
export type { ConformanceCase, Expectation, RequestStep } from './model/case.ts';
export { capabilitiesOf } from './model/profile.ts';
export type { ClientCredential, ConformanceProfile } from './model/profile.ts';
export type { CaseResult, RunResult } from './model/result.ts';
export { createFetchTarget, createUrlTarget } from './model/target.ts';
export type { Target } from './model/target.ts';
export { formatProgress, formatSummary } from './reports/terminal.ts';
export { signReport, verifyReportSignature } from './reports/sign-report.ts';
export { writeReports } from './reports/write-reports.ts';
