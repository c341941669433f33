/**
 * A small benchmark harness: each case runs on one core for a fixed time after a warm-up and
 * reports operations per second and latency percentiles. Targets are stated as ratios against a
 * baseline measured in the same run (never as absolute timings in unit tests).
 */
import { performance } from 'node:perf_hooks';

export interface BenchCase {
  readonly name: string;
  /** One operation. May be async. */
  readonly run: () => unknown;
}

export interface BenchResult {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly meanMicros: number;
  readonly p50Micros: number;
  readonly p99Micros: number;
  readonly samples: number;
}

export interface BenchOptions {
  readonly warmupMs?: number;
  readonly durationMs?: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export async function measure(c: BenchCase, options: BenchOptions = {}): Promise<BenchResult> {
  const warmupMs = options.warmupMs ?? 300;
  const durationMs = options.durationMs ?? 1500;
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) await c.run();
  const times: number[] = [];
  const start = performance.now();
  const end = start + durationMs;
  let now = start;
  while (now < end) {
    const t0 = now;
    await c.run();
    now = performance.now();
    times.push(now - t0);
  }
  const total = now - start;
  const sorted = Float64Array.from(times).sort();
  return {
    name: c.name,
    opsPerSecond: (times.length / total) * 1000,
    meanMicros: (total / times.length) * 1000,
    p50Micros: percentile(sorted, 0.5) * 1000,
    p99Micros: percentile(sorted, 0.99) * 1000,
    samples: times.length,
  };
}

export function formatResults(
  title: string,
  results: readonly BenchResult[],
  baseline?: BenchResult,
): string {
  const lines = [`\n## ${title}`, ''];
  lines.push(
    '| case | ops/s | mean µs | p50 µs | p99 µs |' + (baseline ? ` ratio to ${baseline.name} |` : ''),
    '|---|---:|---:|---:|---:|' + (baseline ? '---:|' : ''),
  );
  for (const r of results) {
    const ratio = baseline ? ` ${(r.opsPerSecond / baseline.opsPerSecond).toFixed(3)} |` : '';
    lines.push(
      `| ${r.name} | ${r.opsPerSecond.toFixed(0)} | ${r.meanMicros.toFixed(1)} | ${r.p50Micros.toFixed(1)} | ${r.p99Micros.toFixed(1)} |${ratio}`,
    );
  }
  return lines.join('\n');
}
