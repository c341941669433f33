/** One problem found by the semantic rules (protocol/validation), located in the source document. */
export type FindingSeverity = 'error' | 'warning';

export interface SemanticFinding {
  /** Stable code, e.g. `SEM_ANY_TRUE_NOT_NIL` (listed in protocol/validation/README.md). */
  readonly code: string;
  /** Requirement ID of spec/requirements.json the rule enforces. */
  readonly requirement: string;
  readonly severity: FindingSeverity;
  /** What is wrong and how to fix it, for a person. */
  readonly message: string;
  /** Element path with sibling indexes where needed, e.g. `/SymkeyResponse/Symkey[2]/KeyUsePolicy`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
}
