/**
 * Certification of the correct reference server: ALL conformance cases, in-process (app.fetch),
 * with the profile `sksml start` uses (two clients, a deactivated client, the issuing CA, an
 * approval class, an inactive class, SOAP 1.1). Zero failures, zero errors, zero skips; the
 * reports of the run are written and name the outcome.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_CASES,
  capabilitiesOf,
  computeCoverage,
  loadCatalogue,
  loadUntestable,
  writeReports,
  type RunResult,
} from '../../conformance/index.ts';
import { CAPABILITIES } from '../../conformance/model/case.ts';
import { createCertificationBench, type CertificationBench } from './certification-fixture.ts';

let bench: CertificationBench;
let run: RunResult;
let capabilities: Set<string>;

beforeAll(async () => {
  bench = await createCertificationBench();
  const target = await bench.open();
  try {
    capabilities = capabilitiesOf(target.profile);
    expect(target.server.services.defects).toBeUndefined();
    run = await target.run();
  } finally {
    await target.close();
  }
}, 60_000);

afterAll(async () => {
  await bench.dispose();
});

describe('the reference server against the whole conformance suite', () => {
  it('the profile offers every capability except rsa-1_5 key transport, which the server never uses', () => {
    // SKSML-WSS-25: the reference server wraps keys with RSA-OAEP only; no legacy client exists.
    expect(CAPABILITIES.filter((c) => !capabilities.has(c))).toEqual(['rsa15']);
  });

  it('runs every case', () => {
    expect(run.results.map((r) => r.id)).toEqual(ALL_CASES.map((c) => c.id));
    expect(run.unselected).toEqual([]);
  });

  it('passes every case: no failure, no error, no skip', () => {
    const notPassed = run.results
      .filter((r) => r.status !== 'pass')
      .map((r) => `${r.id}: ${r.status} ${r.reason ?? ''} ${r.findings.map((f) => f.message).join('; ')}`);
    expect(notPassed).toEqual([]);
    expect(run.summary).toMatchObject({ total: ALL_CASES.length, pass: ALL_CASES.length, fail: 0, error: 0 });
  });

  it('writes the reports of the run, with no failing requirement in the traceability matrix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sksml-certification-reports-'));
    try {
      const coverage = computeCoverage(loadCatalogue(), ALL_CASES, loadUntestable()).entries;
      const written = writeReports(run, coverage, dir);
      for (const file of [written.json, written.junit, written.earl, written.html])
        expect(existsSync(file)).toBe(true);
      const report = JSON.parse(readFileSync(written.json, 'utf8')) as {
        summary: { fail: number; error: number; pass: number };
      };
      expect(report.summary).toMatchObject({ fail: 0, error: 0, pass: ALL_CASES.length });
      expect(readFileSync(written.junit, 'utf8')).toMatch(/failures="0"/);
      expect(readFileSync(written.earl, 'utf8')).not.toContain('earl:failed');
      expect(written.requests).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
