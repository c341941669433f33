/** State shared by the cases of one run, and the record of one step within a case. */
import type { RequestStep } from '../model/case.ts';
import type { ConformanceProfile } from '../model/profile.ts';
import type { StepEvidence } from '../model/result.ts';
import type { Target } from '../model/target.ts';
import type { Observation } from './observe.ts';
import type { OutgoingRequest, RequestFacts } from './outgoing.ts';

export interface RunState {
  readonly profile: ConformanceProfile;
  readonly target: Target;
  /** Keys unwrapped during the run, by GlobalKeyID (canonical text). */
  readonly keys: Map<string, Uint8Array>;
  /** SymkeyRequestIDs (canonical text) seen during the run, with the exchange that carried them first. */
  readonly requestIds: Map<string, string>;
}

export function createRunState(profile: ConformanceProfile, target: Target): RunState {
  return { profile, target, keys: new Map(), requestIds: new Map() };
}

export interface StepRecord {
  readonly id: string;
  /** `<case id>/<step id>`, unique in the run. */
  readonly exchangeId: string;
  readonly step: RequestStep;
  readonly facts: RequestFacts;
  readonly request: OutgoingRequest;
  /** Null when no HTTP response arrived. */
  readonly observation: Observation | null;
  readonly transportError: string | null;
  readonly evidence: StepEvidence;
}
