import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, issueCertificate } from '../../protocol/testkit/pki.ts';
import { childElements, directText } from '../../protocol/xml/tree.ts';
import { parseXml } from '../../protocol/xml/intake.ts';
import { ALL_CASES } from '../cases/index.ts';
import { computeCoverage } from '../catalogue/coverage.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { loadUntestable } from '../catalogue/untestable.ts';
import { runSuite } from '../engine/run-suite.ts';
import type { RunResult } from '../model/result.ts';
import { createFakeSetup } from '../testing/fake-setup.ts';
import { verifyReportSignature } from './sign-report.ts';
import { writeReports, type WrittenReports } from './write-reports.ts';

const IDS = ['new-key-default-class', 'wss-stale-timestamp', 'deactivated-client-refused', 'http-get-refused'];
let dir: string;
let run: RunResult;
let written: WrittenReports;

beforeAll(async () => {
  // A target that accepts stale timestamps: one failing case, the others pass.
  const { target, profile, pki } = createFakeSetup({ acceptStaleTimestamp: true }, { deactivatedClient: undefined });
  run = await runSuite(ALL_CASES, target, profile, { only: IDS });
  dir = mkdtempSync(join(tmpdir(), 'sksml-conformance-reports-'));
  const coverage = computeCoverage(loadCatalogue(), ALL_CASES, loadUntestable()).entries;
  written = writeReports(run, coverage, dir, { signer: pki.clients[0] as never });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reports of one run', () => {
  it('the run has a pass, a fail, a skip and untested cases', () => {
    const statuses = Object.fromEntries(run.results.map((r) => [r.id, r.status]));
    expect(statuses).toEqual({
      'new-key-default-class': 'pass',
      'wss-stale-timestamp': 'fail',
      'deactivated-client-refused': 'skip',
      'http-get-refused': 'pass',
    });
  });

  it('JSON report is schema-versioned with environment, target, profile, cases and evidence', () => {
    const report = JSON.parse(readFileSync(written.json, 'utf8')) as Record<string, unknown>;
    expect(report.format).toBe('sksml-conformance-report/1');
    expect(report).toHaveProperty('environment.node', process.version);
    expect(report).toHaveProperty('target.url', run.target.url);
    expect(report).toHaveProperty('profile.domainId', '10514');
    const cases = report.cases as { id: string; status: string; evidence: { requestFile?: string }[] }[];
    const failed = cases.find((c) => c.id === 'wss-stale-timestamp');
    expect(failed?.status).toBe('fail');
    expect(failed?.evidence[0]?.requestFile).toBe('requests/wss-stale-timestamp--step1.xml');
    expect((report.untested as unknown[]).length).toBe(ALL_CASES.length - IDS.length);
    expect(report).toHaveProperty('coverage.outcomes.failed');
  });

  it('JUnit XML parses with our intake and has one testcase per case', () => {
    const doc = parseXml(readFileSync(written.junit, 'utf8'));
    const suite = childElements(doc.root)[0];
    const cases = childElements(suite ?? doc.root).filter((e) => e.localName === 'testcase');
    const byName = new Map(cases.map((c) => [c.attributes.find((a) => a.localName === 'name')?.value, c]));
    expect([...byName.keys()].sort()).toEqual([...IDS].sort());
    const failure = childElements(byName.get('wss-stale-timestamp') ?? doc.root).find((e) => e.localName === 'failure');
    expect(directText(failure ?? doc.root)).toContain('SKSML-WSS-9');
    expect(childElements(byName.get('deactivated-client-refused') ?? doc.root).some((e) => e.localName === 'skipped')).toBe(true);
  });

  it('EARL JSON-LD has the required keys and outcomes', () => {
    const earl = JSON.parse(readFileSync(written.earl, 'utf8')) as { '@context': Record<string, unknown>; '@graph': Record<string, unknown>[] };
    expect(earl['@context'].earl).toBe('http://www.w3.org/ns/earl#');
    const assertions = earl['@graph'].filter((n) => n['@type'] === 'earl:Assertion');
    expect(assertions).toHaveLength(ALL_CASES.length);
    for (const a of assertions) {
      expect(a).toHaveProperty('earl:subject');
      expect(a).toHaveProperty('earl:test');
      expect(a).toHaveProperty('earl:assertedBy');
      expect(a).toHaveProperty('earl:result.earl:outcome');
    }
    const outcome = (id: string): unknown =>
      assertions.find((a) => (a['earl:test'] as { '@id': string })['@id'] === `urn:sksml:conformance:case:${id}`)?.['earl:result'];
    expect(outcome('wss-stale-timestamp')).toHaveProperty('earl:outcome', 'earl:failed');
    expect(outcome('new-key-default-class')).toHaveProperty('earl:outcome', 'earl:passed');
    expect(outcome('deactivated-client-refused')).toHaveProperty('earl:outcome', 'earl:inapplicable');
    expect(outcome('kcp-response-valid')).toHaveProperty('earl:outcome', 'earl:untested');
  });

  it('HTML report is self-contained, has the matrix, escaped evidence and a curl line', () => {
    const html = readFileSync(written.html, 'utf8');
    expect(html).toContain('<table class="matrix">');
    expect(html).toMatch(/id="req-SKSML-WSS-9"[\s\S]*?wss-stale-timestamp[\s\S]*?class="failed"/);
    expect(html).not.toMatch(/<(?:script|link|img)\b[^>]*(?:src|href)=/);
    expect(html).toContain('&lt;wsu:Timestamp');
    expect(html).toContain(`curl -X POST --data-binary '@requests/wss-stale-timestamp--step1.xml'`);
    const saved = readFileSync(join(dir, 'requests/wss-stale-timestamp--step1.xml'));
    expect(Buffer.compare(saved, Buffer.from(run.results.find((r) => r.id === 'wss-stale-timestamp')?.evidence[0]?.requestBody ?? []))).toBe(0);
  });
});

describe('signed JSON report', () => {
  it('verifies against the CA, and fails for other bytes or another CA', () => {
    const pki = createTestPki({ clients: 3 });
    const report = readFileSync(written.json);
    const sig = readFileSync(written.signature ?? '', 'utf8');
    expect(verifyReportSignature(report, sig, pki.trustAnchors).signerSubject).toContain('client-1');
    const tampered = Buffer.from(report.toString('utf8').replace('"fail"', '"pass"'));
    expect(() => verifyReportSignature(tampered, sig, pki.trustAnchors)).toThrow(/does not match/);
    const foreign = issueCertificate(pki, { subject: 'other CA', selfSigned: true, isCa: true, keyUsage: ['keyCertSign'] });
    expect(() => verifyReportSignature(report, sig, [foreign.certificate])).toThrow(/does not chain/);
    writeFileSync(join(dir, 'garbage.sig'), 'not json');
    expect(() => verifyReportSignature(report, readFileSync(join(dir, 'garbage.sig'), 'utf8'), pki.trustAnchors)).toThrow(
      /not JSON/,
    );
  });
});
