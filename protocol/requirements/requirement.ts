/**
 * The requirement catalogue's vocabulary (spec/requirements.json). The format is described at the
 * top of the generated spec/requirements.md; the loader in load-requirements.ts enforces it.
 */
export const REQUIREMENT_LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];

export const REQUIREMENT_TARGETS = ['message', 'server', 'client'] as const;
export type RequirementTarget = (typeof REQUIREMENT_TARGETS)[number];

/**
 * How conformance to a requirement is checked: `schema` by XSD validation of a message,
 * `semantic` by the tree rules of protocol/validation, `interop` by exercising a running peer,
 * `review` only by inspection.
 */
export const REQUIREMENT_TESTABILITIES = ['schema', 'semantic', 'interop', 'review'] as const;
export type RequirementTestability = (typeof REQUIREMENT_TESTABILITIES)[number];

/** Families of requirement IDs: `SKSML-<family>-<number>`. */
export const REQUIREMENT_FAMILIES = ['MSG', 'SRV', 'CLT', 'WSS', 'BIND'] as const;
export type RequirementFamily = (typeof REQUIREMENT_FAMILIES)[number];

export interface Requirement {
  /** `SKSML-<family>-<number>`, e.g. `SKSML-MSG-21`. */
  readonly id: string;
  readonly level: RequirementLevel;
  readonly target: RequirementTarget;
  /** The requirement in the project's own words. */
  readonly statement: string;
  /** Schema component or draft documentation it comes from, or `project decision: <where>`. */
  readonly source: string;
  readonly testability?: RequirementTestability;
  /** Why the level was chosen, inferences, project readings of open points. */
  readonly notes?: string;
}

export interface RequirementCatalogue {
  /** Format marker, currently `sksml-requirements/1`. */
  readonly format: string;
  readonly requirements: readonly Requirement[];
}

export const REQUIREMENT_ID_PATTERN = /^SKSML-(MSG|SRV|CLT|WSS|BIND)-([1-9][0-9]*)$/;

/** Splits a requirement ID into family and number, or returns null when it is not well formed. */
export function parseRequirementId(id: string): { family: RequirementFamily; number: number } | null {
  const m = REQUIREMENT_ID_PATTERN.exec(id);
  if (!m) return null;
  return { family: m[1] as RequirementFamily, number: Number(m[2]) };
}

/** Orders IDs by family (catalogue order) and then numerically. */
export function compareRequirementIds(a: string, b: string): number {
  const pa = parseRequirementId(a);
  const pb = parseRequirementId(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  const fa = REQUIREMENT_FAMILIES.indexOf(pa.family);
  const fb = REQUIREMENT_FAMILIES.indexOf(pb.family);
  return fa !== fb ? fa - fb : pa.number - pb.number;
}
