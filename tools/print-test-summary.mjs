// Prints the plain `N passed, N failed[, N skipped]` line CI reads, from vitest's JSON report.
// If the report is missing (lint or typecheck failed before the tests ran), the run counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [file = 'reports/test-results.json', rcText = '0'] = process.argv.slice(2);
if (!existsSync(file)) {
  console.log(`(no test report at ${file}: a step before the tests failed, exit status ${rcText})`);
  console.log('0 passed, 1 failed');
} else {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const passed = r.numPassedTests ?? 0;
  const failed = r.numFailedTests ?? 0;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that failed to load has no assertion results: count it as one failure.
  const suiteErrors = (r.testResults ?? []).filter(
    (s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0,
  ).length;
  console.log(`${passed} passed, ${failed + suiteErrors} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
