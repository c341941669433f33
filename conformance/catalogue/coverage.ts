/**
 * Requirement coverage: which cases (directly, or through the named checks they run) test each
 * requirement, which MUSTs are recorded as untestable over the wire, and which are uncovered.
 */
import type { Requirement } from '../../protocol/requirements/requirement.ts';
import { UNIVERSAL_CHECKS } from '../checks/universal-checks.ts';
import { checkNamed } from '../checks/registry.ts';
import type { ConformanceCase, Expectation } from '../model/case.ts';
import type { UntestableEntry } from './untestable.ts';

export interface RequirementCoverage {
  readonly requirement: Requirement;
  /** Cases that name the requirement or run a check that covers it. */
  readonly cases: readonly string[];
  /** True when a check run on every response covers it. */
  readonly everyResponse: boolean;
  readonly untestable: string | null;
}

export interface CoverageReport {
  readonly entries: readonly RequirementCoverage[];
  /** MUST requirements with no case, no universal check and no untestable reason. */
  readonly uncoveredMusts: readonly string[];
  /** IDs named by cases, checks or untestable.json that are not in the catalogue. */
  readonly unknownIds: readonly string[];
  /** MUSTs recorded as untestable although a case covers them. */
  readonly untestableButCovered: readonly string[];
}

function expectationsOf(c: ConformanceCase): Expectation[] {
  return [c.expect, ...c.requests.flatMap((s) => (s.expect === undefined ? [] : [s.expect]))];
}

/** Requirement IDs a case covers: its own list and those of the checks it runs. */
export function requirementsOfCase(c: ConformanceCase): Set<string> {
  const ids = new Set(c.requirements);
  for (const e of expectationsOf(c))
    for (const name of e.checks ?? []) for (const id of checkNamed(name)?.requirements ?? []) ids.add(id);
  return ids;
}

export function computeCoverage(
  requirements: readonly Requirement[],
  cases: readonly ConformanceCase[],
  untestable: readonly UntestableEntry[],
): CoverageReport {
  const byRequirement = new Map<string, string[]>();
  const known = new Set(requirements.map((r) => r.id));
  const referenced = new Set<string>();
  for (const c of cases)
    for (const id of requirementsOfCase(c)) {
      referenced.add(id);
      byRequirement.set(id, [...(byRequirement.get(id) ?? []), c.id]);
    }
  const universal = new Set(UNIVERSAL_CHECKS.flatMap((c) => c.requirements));
  universal.forEach((id) => referenced.add(id));
  const reasons = new Map(untestable.map((u) => [u.id, u.reason]));
  reasons.forEach((_, id) => referenced.add(id));
  const entries = requirements.map((requirement) => ({
    requirement,
    cases: byRequirement.get(requirement.id) ?? [],
    everyResponse: universal.has(requirement.id),
    untestable: reasons.get(requirement.id) ?? null,
  }));
  const covered = (e: RequirementCoverage): boolean => e.cases.length > 0 || e.everyResponse;
  return {
    entries,
    uncoveredMusts: entries
      .filter((e) => e.requirement.level === 'MUST' && !covered(e) && e.untestable === null)
      .map((e) => e.requirement.id),
    unknownIds: [...referenced].filter((id) => !known.has(id)).sort(),
    untestableButCovered: entries
      .filter((e) => e.untestable !== null && covered(e))
      .map((e) => e.requirement.id),
  };
}
