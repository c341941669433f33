/**
 * Optional back ends (xmllint, xmlsec1, Java, SoftHSM2, PostgreSQL, zeep). Outside CI a test
 * that needs a missing tool skips with a visible reason; with CI=true it fails instead, because
 * CI must have every back end.
 */
import { spawnSync } from 'node:child_process';

export function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/** True when `command` runs (exit status 0 for `command ...probeArgs`). */
export function hasTool(command: string, probeArgs: string[] = ['--version']): boolean {
  const r = spawnSync(command, probeArgs, { stdio: 'ignore', timeout: 20_000 });
  return r.error === undefined && r.status === 0;
}

/**
 * Decides whether tests that need a tool run. Returns the skip reason (string) when they should
 * be skipped, or null when they should run. In CI a missing tool throws, failing the suite.
 *
 * Usage: `const skip = toolSkipReason('xmllint', hasTool('xmllint'));`
 *        `describe.skipIf(skip !== null)(\`... ${skip ?? ''}\`, () => { ... })`
 */
export function toolSkipReason(tool: string, available: boolean): string | null {
  if (available) return null;
  const reason = `skipped: ${tool} is not installed (CI installs it; see .ci/run)`;
  if (isCi()) throw new Error(`${tool} is required in CI but is not available`);
  console.warn(reason);
  return reason;
}
