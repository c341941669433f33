/**
 * Decides one step: the universal checks, then the expectation (accept with named checks, or
 * reject in a phase with a fault). Rules: RUNNER-CONTRACT.md §4 and §5.
 */
import { formatSymkeyRequestID } from '../../protocol/model/identifiers.ts';
import { httpStatusForFault } from '../../protocol/soap/http-binding.ts';
import { SOAP11_ENVELOPE_NS, WSSE_NS } from '../../protocol/soap/namespaces.ts';
import { loadErrorRegistry } from '../checks/error-registry.ts';
import type { SchemaValidator } from '../../protocol/schema/engine.ts';
import { createStepAnalysis, type StepAnalysis } from '../checks/analysis.ts';
import type { CheckContext } from '../checks/check.ts';
import { UNIVERSAL_CHECK_NAMES } from '../checks/universal-checks.ts';
import { checkNamed } from '../checks/registry.ts';
import type { Expectation, RejectExpectation, RejectPhase } from '../model/case.ts';
import type { Finding } from '../model/result.ts';
import { HarnessError } from './harness-error.ts';
import type { Observation } from './observe.ts';
import type { RunState, StepRecord } from './run-state.ts';

export interface StepVerdict {
  readonly findings: Finding[];
  /** Why the step cannot be decided (the case becomes `error`), or null. */
  readonly undecided: string | null;
}

export interface JudgeInput {
  readonly record: StepRecord;
  readonly expectation: Expectation;
  /** A setup step: when its expectation is not met the case cannot be decided. */
  readonly precondition: boolean;
  readonly caseRequirements: readonly string[];
  readonly state: RunState;
  readonly schemaValidator: () => Promise<SchemaValidator>;
}

/** The subcode QName an expectation names: `wsse:Name` or `sksml:Name` (spec/error-registry.md §3). */
function subcodeMatches(
  expected: string,
  got: { namespace: string; localName: string } | undefined,
  version: '1.1' | '1.2',
): boolean {
  if (got === undefined) return false;
  const [prefix, local] = expected.split(':') as [string, string];
  if (prefix === 'wsse') return got.namespace === WSSE_NS && got.localName === local;
  if (prefix === 'sksml')
    return (
      got.localName === local &&
      (got.namespace === loadErrorRegistry().faultSubcodeNamespace ||
        (version === '1.1' && got.namespace === SOAP11_ENVELOPE_NS))
    );
  return false;
}

/** The phases an observed refusal belongs to (RUNNER-CONTRACT.md §4.2). */
export function observedPhases(o: Observation): RejectPhase[] {
  if (o.status === 405 || o.status === 413 || o.status === 415) return ['transport'];
  if (o.fault !== null) {
    const sub = o.fault.subcodes[0];
    if (sub !== undefined && sub.namespace === WSSE_NS) return ['security'];
    if (o.fault.code === 'Receiver') return [];
    if (o.fault.code === 'Sender') return ['binding', 'validation'];
    return ['binding'];
  }
  const r = o.symkeyResponse;
  if (o.status === 200 && r !== null && r.symkeys.length === 0 && r.errors.length > 0)
    return ['application', 'validation'];
  return [];
}

function describe(o: Observation): string {
  if (o.fault !== null) {
    const sub = o.fault.subcodes.map((s) =>
      s.namespace === WSSE_NS ? `wsse:${s.localName}` : `{${s.namespace}}${s.localName}`,
    );
    return `HTTP ${o.status} with SOAP ${o.fault.version} fault ${o.fault.code}${sub.length > 0 ? `/${sub.join('/')}` : ''}`;
  }
  const r = o.symkeyResponse;
  if (r !== null)
    return `HTTP ${o.status} with a SymkeyResponse of ${r.symkeys.length} key(s), ${r.workInProgress.length} pending, ${r.errors.length} error(s)`;
  if (o.message !== null) return `HTTP ${o.status} with ${o.message}`;
  return `HTTP ${o.status}${o.envelopeError === null ? '' : ` (${o.envelopeError.slice(0, 120)})`}`;
}

function isAccepted(o: Observation): boolean {
  if (o.status !== 200 || o.fault !== null) return false;
  if (o.keyCachePolicyResponse !== null) return true;
  return (o.symkeyResponse?.symkeys.length ?? 0) > 0 || (o.symkeyResponse?.workInProgress.length ?? 0) > 0;
}

async function runChecks(names: readonly string[], context: CheckContext, step: string): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const name of names) {
    const check = checkNamed(name);
    if (check === undefined) throw new HarnessError('HARNESS_UNKNOWN_CHECK', `unknown check ${name}`);
    for (const f of await check.run(context))
      out.push({ requirements: f.requirements ?? check.requirements, step, check: name, message: f.message });
  }
  return out;
}

function judgeRejection(
  o: Observation,
  expectation: RejectExpectation,
  requirements: readonly string[],
  step: string,
): Finding[] {
  const finding = (message: string, extra: readonly string[] = []): Finding => ({
    requirements: [...new Set([...requirements, ...extra])],
    step,
    check: 'expected-rejection',
    message,
  });
  const wanted: readonly RejectPhase[] =
    typeof expectation.phase === 'string' ? [expectation.phase] : expectation.phase;
  if (isAccepted(o)) return [finding(`accepted a request it must refuse (${describe(o)})`)];
  const phases = observedPhases(o);
  if (!phases.some((p) => wanted.includes(p)))
    return [finding(`expected a refusal in the ${wanted.join(' or ')} phase, got ${describe(o)}`)];
  const out: Finding[] = [];
  const fault = o.fault;
  if (expectation.fault !== undefined && fault === null)
    out.push(finding(`expected a SOAP fault ${expectation.fault.code}, got ${describe(o)}`));
  if (expectation.fault !== undefined && fault !== null) {
    if (fault.code !== expectation.fault.code)
      out.push(finding(`fault code ${fault.code}, expected ${expectation.fault.code}`));
    const sub = expectation.fault.subcode;
    if (sub !== undefined) {
      const got = fault.subcodes[0];
      if (!subcodeMatches(sub, got, fault.version))
        out.push(
          finding(
            `fault subcode ${got === undefined ? 'none' : `{${got.namespace}}${got.localName}`}, expected ${sub}`,
            [...(sub.startsWith('wsse:') ? ['SKSML-BIND-23', 'SKSML-WSS-24'] : [])],
          ),
        );
    }
  }
  const status =
    expectation.httpStatus ??
    (expectation.fault !== undefined && fault !== null
      ? httpStatusForFault(fault.version, fault.code)
      : undefined);
  if (status !== undefined && o.status !== status)
    out.push(finding(`HTTP status ${o.status}, expected ${status}`, ['SKSML-BIND-21']));
  if (
    wanted.includes('application') &&
    phases.includes('application') &&
    expectation.symkeyError?.errorCode !== undefined
  ) {
    const codes = (o.symkeyResponse?.errors ?? []).map((e) => e.errorCode);
    if (!codes.includes(expectation.symkeyError.errorCode))
      out.push(
        finding(`SymkeyError codes ${JSON.stringify(codes)}, expected ${expectation.symkeyError.errorCode}`),
      );
  }
  return out;
}

function remember(record: StepRecord, analysis: StepAnalysis, state: RunState): void {
  for (const u of analysis.unwrapped())
    if (u.key !== null && !state.keys.has(u.globalKeyId)) state.keys.set(u.globalKeyId, u.key);
  const r = record.observation?.symkeyResponse;
  if (r === null || r === undefined) return;
  for (const item of [...r.symkeys, ...r.workInProgress, ...r.errors]) {
    const id = formatSymkeyRequestID(item.symkeyRequestId);
    if (!state.requestIds.has(id)) state.requestIds.set(id, record.exchangeId);
  }
}

export async function judgeStep(input: JudgeInput): Promise<StepVerdict> {
  const { record, expectation, state } = input;
  const o = record.observation;
  if (o === null)
    return { findings: [], undecided: `no response to step ${record.id}: ${record.transportError ?? ''}` };
  const analysis = createStepAnalysis(record.facts, o, state.profile.rsa15);
  const context: CheckContext = {
    facts: record.facts,
    observation: o,
    state,
    analysis,
    schemaValidator: input.schemaValidator,
  };
  const findings = await runChecks(UNIVERSAL_CHECK_NAMES, context, record.id);
  let expectationFindings: Finding[];
  if (expectation.outcome === 'accept') {
    expectationFindings =
      o.status === 200 && o.fault === null && o.message !== null
        ? await runChecks(expectation.checks, context, record.id)
        : [
            {
              requirements: input.caseRequirements,
              step: record.id,
              check: 'expected-acceptance',
              message: `refused a request it must serve: ${describe(o)}`,
            },
          ];
  } else {
    expectationFindings = judgeRejection(o, expectation, input.caseRequirements, record.id);
    if (expectationFindings.length === 0 && expectation.checks !== undefined)
      expectationFindings = await runChecks(expectation.checks, context, record.id);
  }
  remember(record, analysis, state);
  if (input.precondition && expectationFindings.length > 0)
    return {
      findings,
      undecided: `setup step ${record.id} did not succeed: ${expectationFindings.map((f) => f.message).join('; ')}`,
    };
  return { findings: [...findings, ...expectationFindings], undecided: null };
}
