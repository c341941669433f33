/** Runs one case against the target: prepare, send, observe and judge every step, then decide. */
import type { SchemaValidator } from '../../protocol/schema/engine.ts';
import type { AttackContext } from '../../protocol/testkit/attacks/catalog.ts';
import type { ConformanceCase, Expectation } from '../model/case.ts';
import { capabilitiesOf } from '../model/profile.ts';
import type { CaseResult, Finding, StepEvidence } from '../model/result.ts';
import { profileAttackContext } from './attack-context.ts';
import { judgeStep } from './judge-step.ts';
import { observeResponse, type Observation } from './observe.ts';
import { prepareStep } from './prepare-step.ts';
import type { RunState, StepRecord } from './run-state.ts';
import { sendRequest } from './send.ts';

export interface CaseServices {
  readonly schemaValidator: () => Promise<SchemaValidator>;
}

/** What must be equal across the steps of a `uniform` group (RUNNER-CONTRACT.md §5.4). */
export function refusalSignature(o: Observation | null): string {
  if (o === null) return 'no response';
  if (o.fault !== null)
    return JSON.stringify({
      status: o.status,
      code: o.fault.code,
      subcodes: o.fault.subcodes.map((s) => `{${s.namespace}}${s.localName}`),
      reason: o.fault.reason,
    });
  const errors = (o.symkeyResponse?.errors ?? []).map((e) => [e.errorCode, e.errorMessage]);
  return JSON.stringify({ status: o.status, message: o.message, errors });
}

export async function runCase(
  c: ConformanceCase,
  state: RunState,
  services: CaseServices,
): Promise<CaseResult> {
  const started = performance.now();
  const base = { id: c.id, title: c.title, requirements: c.requirements };
  const finish = (
    status: CaseResult['status'],
    findings: Finding[],
    evidence: StepEvidence[],
    reason?: string,
  ): CaseResult => ({
    ...base,
    status,
    findings,
    ...(reason === undefined ? {} : { reason }),
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    evidence,
  });

  const caps = capabilitiesOf(state.profile);
  const missing = (c.profile?.requires ?? []).filter((r) => !caps.has(r));
  if (missing.length > 0) return finish('skip', [], [], `the profile lacks ${missing.join(', ')}`);

  let attack: AttackContext | undefined;
  const attackContext = (): AttackContext => (attack ??= profileAttackContext(state.profile, new Date()));
  const records = new Map<string, StepRecord>();
  const evidence: StepEvidence[] = [];
  const findings: Finding[] = [];
  for (const [i, step] of c.requests.entries()) {
    const id = step.id ?? `step${i + 1}`;
    const last = i === c.requests.length - 1;
    const expectation: Expectation = step.expect ?? (last ? c.expect : { outcome: 'accept', checks: [] });
    let record: StepRecord;
    try {
      const prepared = prepareStep(step, state.profile, records, attackContext);
      const exchange = await sendRequest(state.target, prepared.request, state.profile.timeoutMs);
      const stepEvidence: StepEvidence = {
        step: id,
        exchange: exchange.evidence,
        requestBody: prepared.request.body,
      };
      evidence.push(stepEvidence);
      record = {
        id,
        exchangeId: `${c.id}/${id}`,
        step,
        facts: prepared.facts,
        request: prepared.request,
        observation:
          exchange.status === null
            ? null
            : observeResponse(
                exchange.status,
                exchange.responseHeaders,
                exchange.responseText ?? '',
                state.profile.trustAnchors,
              ),
        transportError: exchange.transportError,
        evidence: stepEvidence,
      };
    } catch (e) {
      const code = (e as { code?: string }).code ?? (e instanceof Error ? e.name : 'Error');
      // A step that cannot be built because an earlier judged step already failed (e.g. no
      // pending entry to poll after an invalid SymkeyWorkInProgress) is that failure, not a
      // harness error: the target broke a requirement (RUNNER-CONTRACT.md §3).
      return finish(
        findings.length > 0 ? 'fail' : 'error',
        findings,
        evidence,
        `harness error in step ${id}: ${code}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    records.set(id, record);
    try {
      const verdict = await judgeStep({
        record,
        expectation,
        precondition: !last && step.expect === undefined,
        caseRequirements: c.requirements,
        state,
        schemaValidator: services.schemaValidator,
      });
      findings.push(...verdict.findings);
      if (verdict.undecided !== null)
        return finish(findings.length > 0 ? 'fail' : 'error', findings, evidence, verdict.undecided);
    } catch (e) {
      return finish(
        'error',
        findings,
        evidence,
        `harness error judging step ${id}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  if (c.uniform !== undefined && c.uniform.length > 1) {
    const signatures = c.uniform.map(
      (id) => [id, refusalSignature(records.get(id)?.observation ?? null)] as const,
    );
    const first = signatures[0]?.[1];
    const differing = signatures.filter(([, s]) => s !== first);
    if (differing.length > 0)
      findings.push({
        requirements: c.requirements,
        step: differing.map(([id]) => id).join(','),
        check: 'uniform-refusals',
        message: `refusals differ (an oracle): ${signatures.map(([id, s]) => `${id}=${s}`).join(' vs ')}`,
      });
  }
  return finish(findings.length > 0 ? 'fail' : 'pass', findings, evidence);
}
