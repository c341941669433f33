/** The shape of a named check: what it verifies, which requirements it covers, and its verdicts. */
import type { SchemaValidator } from '../../protocol/schema/engine.ts';
import type { Observation } from '../engine/observe.ts';
import type { RequestFacts } from '../engine/outgoing.ts';
import type { RunState } from '../engine/run-state.ts';
import type { StepAnalysis } from './analysis.ts';

export interface CheckContext {
  readonly facts: RequestFacts;
  readonly observation: Observation;
  readonly state: RunState;
  readonly analysis: StepAnalysis;
  /** The XSD validator of the run (loaded once, on first use). */
  readonly schemaValidator: () => Promise<SchemaValidator>;
}

/** One broken rule; `requirements` defaults to the check's own list. */
export interface CheckFailure {
  readonly message: string;
  readonly requirements?: readonly string[];
}

export interface CheckDefinition {
  readonly name: string;
  readonly description: string;
  /** Requirements this check covers (the explicit coverage map of RUNNER-CONTRACT.md §6). */
  readonly requirements: readonly string[];
  run(context: CheckContext): CheckFailure[] | Promise<CheckFailure[]>;
}
