/**
 * The findings of `sksml schema lint`: one defect of a schema set, with the rule that found it.
 * Rule codes are stable (reports and tests match on them); messages are for people.
 */

export type LintSeverity = 'error' | 'warning' | 'info';

export const LINT_RULES = {
  /** A validation engine could not compile the schema set. */
  compileFailed: 'compile-failed',
  /** An engine reported a Unique Particle Attribution violation (Xerces cos-nonambig, libxml2 "not determinist"). */
  upaViolation: 'upa-violation',
  /** A wildcard that can match the same elements as another branch of the same choice. */
  wildcardBesideElements: 'wildcard-beside-elements',
  /** Two branches of one choice can start with the same element. */
  ambiguousChoice: 'ambiguous-choice',
  /** A pattern admits numbers above the documented maximum. */
  patternExceedsRange: 'pattern-exceeds-range',
  /** A pattern admits numbers with leading zeros (several spellings of one value). */
  patternLeadingZeros: 'pattern-leading-zeros',
  /** A named type, group or attribute group that nothing in the set refers to. */
  unusedType: 'unused-type',
  /** A complex type with element content that also admits free text (mixed="true"). */
  mixedContent: 'mixed-content',
  /** An element that must occur (minOccurs >= 1) yet may be nil. */
  requiredNillable: 'required-nillable',
  /** A pattern the linter could not translate, so its ranges were not probed. */
  patternNotAnalysed: 'pattern-not-analysed',
  /** A validation engine could not be run, so its verdict is missing. */
  engineUnavailable: 'engine-unavailable',
  /** A schema document carries a DOCTYPE (removed before analysis). */
  doctypePresent: 'doctype-present',
  /** A document outside the analysed namespace (for example a W3C schema); compiled, not analysed. */
  foreignDocument: 'foreign-document',
} as const;

export type LintRule = (typeof LINT_RULES)[keyof typeof LINT_RULES];

export interface LintFinding {
  readonly rule: LintRule;
  readonly severity: LintSeverity;
  /** File name relative to the linted folder (or the engine's name for set-wide findings without a file). */
  readonly file: string | null;
  readonly line: number | null;
  /** The schema component concerned, e.g. `GlobalKeyIDType` or `SymkeyResponse (anonymous type)`. */
  readonly component: string | null;
  readonly message: string;
  /** Which engine reported it, for engine findings. */
  readonly engine?: string;
}

export interface LintSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly byRule: Record<string, number>;
}

export function summarizeFindings(findings: readonly LintFinding[]): LintSummary {
  const byRule: Record<string, number> = {};
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos, byRule };
}

const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: severity, file, line, rule, component. */
export function sortFindings(findings: readonly LintFinding[]): LintFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      (a.component ?? '').localeCompare(b.component ?? ''),
  );
}
