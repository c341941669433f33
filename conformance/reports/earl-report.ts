/** EARL 1.0 (Evaluation and Report Language) in JSON-LD: one earl:Assertion per case. */
import type { CaseStatus, RunResult } from '../model/result.ts';
import { HARNESS } from './json-report.ts';

export const CASE_IRI_PREFIX = 'urn:sksml:conformance:case:';
export const HARNESS_IRI = 'urn:sksml:conformance:harness';

const OUTCOME: Record<CaseStatus, string> = {
  pass: 'earl:passed',
  fail: 'earl:failed',
  error: 'earl:cantTell',
  skip: 'earl:inapplicable',
};

export function buildEarlReport(run: RunResult): unknown {
  const subject = { '@id': run.target.url, '@type': 'earl:TestSubject', 'dct:title': run.target.name };
  const assertedBy = { '@id': HARNESS_IRI, '@type': ['earl:Assertor', 'earl:Software'], 'dct:title': HARNESS.name, 'dct:hasVersion': HARNESS.version };
  const assertion = (id: string, title: string, outcome: string, description: string, requirements: readonly string[]): unknown => ({
    '@type': 'earl:Assertion',
    'earl:assertedBy': { '@id': HARNESS_IRI },
    'earl:subject': { '@id': run.target.url },
    'earl:test': { '@id': `${CASE_IRI_PREFIX}${id}`, '@type': 'earl:TestCase', 'dct:title': title, 'dct:relation': requirements },
    'earl:mode': 'earl:automatic',
    'earl:result': { '@type': 'earl:TestResult', 'earl:outcome': outcome, 'dct:description': description, 'dct:date': run.startedAt },
  });
  return {
    '@context': {
      earl: 'http://www.w3.org/ns/earl#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      'earl:outcome': { '@type': '@id' },
    },
    '@graph': [
      assertedBy,
      subject,
      ...run.results.map((r) =>
        assertion(
          r.id,
          r.title,
          OUTCOME[r.status],
          r.status === 'fail' ? r.findings.map((f) => `[${f.requirements.join(', ')}] ${f.message}`).join('\n') : (r.reason ?? r.status),
          r.requirements,
        ),
      ),
      ...run.unselected.map((u) => assertion(u.id, u.title, 'earl:untested', 'not selected for this run', [])),
    ],
  };
}
