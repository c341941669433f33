import { describe, expect, it } from 'vitest';
import { ALL_CASES } from '../cases/index.ts';
import type { ConformanceCase } from '../model/case.ts';
import { createFetchTarget, createUrlTarget } from '../model/target.ts';
import { createFakeSetup } from '../testing/fake-setup.ts';
import type { FakeTargetSwitches } from '../testing/fake-target.ts';
import { runSuite } from './run-suite.ts';

function caseNamed(id: string): ConformanceCase {
  const c = ALL_CASES.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no case ${id}`);
  return c;
}

describe('the engine against the protocol-correct fake target', () => {
  it('passes every case the profile supports and skips only the unsupported ones', async () => {
    const { target, profile } = createFakeSetup();
    const run = await runSuite(ALL_CASES, target, profile);
    const notPassed = run.results.filter((r) => r.status !== 'pass');
    expect(
      notPassed.map((r) => `${r.id}: ${r.status} ${r.reason ?? ''} ${r.findings[0]?.message ?? ''}`),
    ).toEqual(['async-work-in-progress: skip the profile lacks async ']);
    expect(run.summary.pass).toBe(ALL_CASES.length - 1);
  });
});

/** Each named defect of the fake target, a case that must catch it, and the requirement it must name. */
const DEFECTS: readonly [keyof FakeTargetSwitches, string, string][] = [
  ['unsignedResponse', 'new-key-default-class', 'SKSML-SRV-36'],
  ['wrongKeySize', 'new-key-default-class', 'SKSML-SRV-44'],
  ['acceptStaleTimestamp', 'wss-stale-timestamp', 'SKSML-WSS-9'],
  ['noReplayCache', 'wss-replayed-request', 'SKSML-WSS-22'],
  ['reuseKeys', 'new-key-fresh-across-requests', 'SKSML-SRV-40'],
  ['stackTraceInFault', 'wss-unsigned-request', 'SKSML-BIND-22'],
  ['keyBytesInError', 'known-and-unknown-keys-answered', 'SKSML-BIND-22'],
  ['sentinelGlobalKeyId', 'new-key-default-class', 'SKSML-MSG-10'],
  ['rsa15Wrap', 'new-key-default-class', 'SKSML-WSS-25'],
  ['skipSignatureVerification', 'wss-unsigned-request', 'SKSML-SRV-37'],
  ['ignoreKeyOwner', 'other-clients-key-refused', 'SKSML-SRV-41'],
  ['ignoreDeactivation', 'deactivated-client-refused', 'SKSML-SRV-103'],
];

describe('the engine catches each defect with the right requirement', () => {
  it.each(DEFECTS)('%s is caught by %s naming %s', async (defect, caseId, requirement) => {
    const { target, profile } = createFakeSetup({ [defect]: true });
    const run = await runSuite([caseNamed(caseId)], target, profile);
    const result = run.results[0];
    expect(result?.status).toBe('fail');
    expect(result?.findings.flatMap((f) => f.requirements)).toContain(requirement);
    // A failure carries what was sent and received.
    expect(result?.evidence.length).toBeGreaterThan(0);
    expect(result?.evidence[0]?.exchange.response?.status).toBeTypeOf('number');
  });

  it('keeps the exact request bytes and response of a failure as evidence', async () => {
    const { target, profile } = createFakeSetup({ acceptStaleTimestamp: true });
    const run = await runSuite([caseNamed('wss-stale-timestamp')], target, profile);
    const evidence = run.results[0]?.evidence[0];
    expect(new TextDecoder().decode(evidence?.requestBody)).toContain('<wsu:Timestamp');
    expect(evidence?.exchange.request.headers['content-type']).toMatch(/^application\/soap\+xml/);
    expect(evidence?.exchange.response?.status).toBe(200);
    expect(evidence?.exchange.response?.body).toContain('SymkeyResponse');
  });
});

describe('statuses other than pass and fail', () => {
  it('gives error (not fail) when the target cannot be reached', async () => {
    const { profile } = createFakeSetup();
    const run = await runSuite(
      [caseNamed('new-key-default-class')],
      createUrlTarget('http://127.0.0.1:9/sks'),
      {
        ...profile,
        timeoutMs: 5000,
      },
    );
    expect(run.results[0]?.status).toBe('error');
    expect(run.results[0]?.reason).toMatch(/no response/);
    expect(run.summary.error).toBe(1);
  });

  it('gives error when the target fetch throws', async () => {
    const { profile } = createFakeSetup();
    const broken = createFetchTarget('broken', () => Promise.reject(new Error('socket hang up')));
    const run = await runSuite([caseNamed('wss-unsigned-request')], broken, profile);
    expect(run.results[0]?.status).toBe('error');
  });

  it('skips a case whose capability the profile lacks, with the reason', async () => {
    const { target, profile } = createFakeSetup({}, { deactivatedClient: undefined });
    const run = await runSuite([caseNamed('deactivated-client-refused')], target, profile);
    expect(run.results[0]?.status).toBe('skip');
    expect(run.results[0]?.reason).toContain('deactivatedClient');
  });

  it('reports cases left out by --only as unselected', async () => {
    const { target, profile } = createFakeSetup();
    const run = await runSuite(ALL_CASES, target, profile, { only: ['http-get-refused'] });
    expect(run.results.map((r) => r.id)).toEqual(['http-get-refused']);
    expect(run.unselected).toHaveLength(ALL_CASES.length - 1);
  });

  it('never fails a correct target for an answer the contract leaves open (SOAP 1.1 profile)', async () => {
    const { target, profile } = createFakeSetup({}, { soapVersion: '1.1' });
    const ids = [
      'new-key-default-class',
      'unknown-key-symkey-error',
      'wss-unsigned-request',
      'request-empty-key-classes',
    ];
    const run = await runSuite(ids.map(caseNamed), target, profile);
    expect(run.results.map((r) => `${r.id}:${r.status}:${r.findings[0]?.message ?? ''}`)).toEqual(
      ids.map((id) => `${id}:pass:`),
    );
  });
});
