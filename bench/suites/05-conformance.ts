/**
 * Issue 6 benchmark: the full conformance suite against the in-process reference server
 * (app.fetch, the profile `sksml start` certifies). Wall time of a whole run (target: under 15 s)
 * and cases per second, over a few runs on one server; the slowest cases say where the time goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCertificationSetup } from '../../cli/commands/start.ts';
import {
  ALL_CASES,
  createFetchTarget,
  runSuite as runConformance,
  type RunResult,
} from '../../conformance/index.ts';
import { createMemoryLogger } from '../../reference-server/service/request-log.ts';

const RUNS = 5;
const TARGET_SECONDS = 15;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function runSuite(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sksml-bench-conformance-'));
  const setupStart = performance.now();
  const setup = await openCertificationSetup(dir, { logger: createMemoryLogger() });
  const setupMs = performance.now() - setupStart;
  try {
    const target = createFetchTarget('reference', (request) => setup.server.app.fetch(request));
    const walls: number[] = [];
    let last: RunResult | undefined;
    const perCase = new Map<string, number[]>();
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      last = await runConformance(ALL_CASES, target, setup.profile);
      walls.push(performance.now() - t0);
      for (const r of last.results) perCase.set(r.id, [...(perCase.get(r.id) ?? []), r.durationMs]);
    }
    const s = last?.summary;
    const wall = median(walls);
    const slowest = [...perCase.entries()]
      .map(([id, times]) => [id, median(times)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    const total = [...perCase.values()].reduce((sum, times) => sum + median(times), 0);
    return [
      '\n## Conformance suite vs the in-process reference server',
      '',
      `${ALL_CASES.length} cases, ${RUNS} runs on one server (first-run setup: dev PKI, store, clients: ${(setupMs / 1000).toFixed(2)} s).`,
      `Last run: ${s?.pass ?? 0} passed, ${s?.fail ?? 0} failed, ${s?.error ?? 0} errors, ${s?.skip ?? 0} skipped.`,
      '',
      '| measure | value |',
      '|---|---:|',
      `| wall time of a full run, median | ${(wall / 1000).toFixed(2)} s |`,
      `| wall time, fastest / slowest run | ${(Math.min(...walls) / 1000).toFixed(2)} s / ${(Math.max(...walls) / 1000).toFixed(2)} s |`,
      `| cases per second (median run) | ${((ALL_CASES.length / wall) * 1000).toFixed(1)} |`,
      `| target: a full run under ${TARGET_SECONDS} s | ${wall / 1000 < TARGET_SECONDS ? 'met' : 'NOT met'} (${((wall / 1000 / TARGET_SECONDS) * 100).toFixed(0)} % of the budget) |`,
      '',
      'Slowest cases (median ms, share of the summed case time):',
      '',
      ...slowest.map(([id, ms]) => `- ${id}: ${ms.toFixed(0)} ms (${((ms / total) * 100).toFixed(1)} %)`),
    ].join('\n');
  } finally {
    await setup.server.close({ drainTimeoutMs: 1_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}
