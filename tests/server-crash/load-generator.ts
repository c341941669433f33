/**
 * A closed-loop load generator for the server benchmark: `concurrency` loops, each signing a fresh
 * SymkeyRequest (the server's replay cache refuses a request seen before), posting it over a
 * keep-alive socket and waiting for the answer before sending the next. It checks only the HTTP
 * status and that no SymkeyError came back: the full verification and unwrap of answers is
 * measured apart (a sample is checked before the run), so the generator stays light.
 *
 * Over the measured window it reports responses per second, latency percentiles of the round
 * trip (signing excluded), and the CPU time of the server process and of this process.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { EnvelopeSigner } from '../../protocol/wss/sign.ts';
import { buildKeyRequest, postRequest } from './key-client.ts';
import { readProcessCpuMs } from './process-cpu.ts';

export interface LoadOptions {
  readonly url: string;
  readonly signer: EnvelopeSigner;
  /** The GlobalKeyIDs of request number `n` (new-key sentinel or existing keys). */
  readonly idsFor: (n: number) => readonly GlobalKeyID[];
  readonly keyClasses?: readonly string[];
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** The server's process id, for its CPU time. */
  readonly serverPid: number;
}

export interface LoadResult {
  readonly responses: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU milliseconds the server process used in the window (null: not measurable here). */
  readonly serverCpuMs: number | null;
  /** CPU milliseconds this (client) process used in the window. */
  readonly clientCpuMs: number;
  readonly failures: number;
  readonly firstFailure: string | null;
  /** The measured window on the monotonic clock, microseconds (for a CPU profile's timestamps). */
  readonly window: { readonly fromMicros: number; readonly toMicros: number };
}

function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

export async function driveLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let measuring = false;
  let done = false;
  let counter = 0;
  let failures = 0;
  let firstFailure: string | null = null;

  const loop = async (): Promise<void> => {
    while (!done) {
      const prepared = buildKeyRequest(options.signer, options.idsFor(counter++), options.keyClasses);
      const t0 = performance.now();
      let failure: string | null = null;
      try {
        const answer = await postRequest(url, prepared, agent);
        if (answer.status !== 200) failure = `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
        else if (answer.text.includes('SymkeyError')) failure = `SymkeyError: ${answer.text.slice(0, 200)}`;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      if (!measuring || done) continue;
      if (failure === null) latencies.push(performance.now() - t0);
      else {
        failures++;
        firstFailure ??= failure;
      }
    }
  };

  const loops = Array.from({ length: options.concurrency }, () => loop());
  await new Promise((r) => setTimeout(r, options.warmupMs));
  measuring = true;
  const serverStart = readProcessCpuMs(options.serverPid);
  const clientStart = process.cpuUsage();
  const fromMicros = monotonicMicros();
  const start = performance.now();
  await new Promise((r) => setTimeout(r, options.durationMs));
  done = true;
  const seconds = (performance.now() - start) / 1000;
  const toMicros = monotonicMicros();
  const serverEnd = readProcessCpuMs(options.serverPid);
  const clientCpu = cpuMs(process.cpuUsage(clientStart));
  await Promise.all(loops);
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    responses: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    serverCpuMs: serverStart === null || serverEnd === null ? null : serverEnd - serverStart,
    clientCpuMs: clientCpu,
    failures,
    firstFailure,
    window: { fromMicros, toMicros },
  };
}
