import type { RuleContext } from './rule-context.ts';

/** One semantic rule (or a family of closely related checks) over a whole message. */
export interface SemanticRule {
  /** Short name, also the rule's file name under rules/. */
  readonly name: string;
  /** Requirement IDs the rule can report. */
  readonly requirements: readonly string[];
  /** Finding codes the rule can report. */
  readonly codes: readonly string[];
  /** Inspects the message and reports through ctx; must not throw on schema-invalid input. */
  check(ctx: RuleContext): void;
}
