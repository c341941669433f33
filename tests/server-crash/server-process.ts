/**
 * Runs `sksml server --data DIR --port 0` (node bin/sksml.mjs) as a child process and reads what
 * it prints on start-up: its URL, DomainID and the paths of the dev PKI. The child's output is
 * drained for its whole life (a full pipe would stall the server); the last lines are kept for
 * diagnostics.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repository root (this file is tests/server-crash/server-process.ts). */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(PROJECT_ROOT, 'bin', 'sksml.mjs');

export interface ServerProcessInfo {
  /** The SKS endpoint, http://127.0.0.1:PORT/sks. */
  readonly url: string;
  readonly domainId: bigint;
  readonly serverCertificate: string;
  readonly caCertificate: string;
  readonly clientCertificate: string;
  readonly clientPrivateKey: string;
}

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly info: ServerProcessInfo;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ServerExit>;
  /** The last lines the process printed (stdout and stderr). */
  output(): string;
}

export interface StartOptions {
  readonly dataDir: string;
  /** Extra options for node itself (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  /** How long to wait for the start-up lines (default 30 s). */
  readonly timeoutMs?: number;
}

const KEPT_LINES = 200;

const FIELDS = {
  url: /^sksml server listening on (http:\/\/127\.0\.0\.1:\d+\/sks)$/m,
  domainId: /^DomainID: (\d+)$/m,
  serverCertificate: /^server certificate: (.+)$/m,
  caCertificate: /^trust anchor \(dev CA\): (.+)$/m,
  clientCertificate: /^dev client certificate: (.+)$/m,
  clientPrivateKey: /^dev client private key: (.+)$/m,
} as const;

function parseInfo(text: string): ServerProcessInfo | null {
  const values: Partial<Record<keyof typeof FIELDS, string>> = {};
  for (const [name, pattern] of Object.entries(FIELDS) as [keyof typeof FIELDS, RegExp][]) {
    const match = pattern.exec(text);
    if (match === null) return null;
    values[name] = match[1];
  }
  const v = values as Record<keyof typeof FIELDS, string>;
  return { ...v, domainId: BigInt(v.domainId) };
}

/** Starts the server on `dataDir` and resolves once it has printed its URL and paths. */
export function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), CLI, 'server', '--data', options.dataDir, '--port', '0'],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  const lines: string[] = [];
  let startup = '';
  let started = false;
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    if (!started) startup += text;
    lines.push(...text.split('\n').filter((l) => l !== ''));
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  const exited = new Promise<ServerExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const output = (): string => lines.join('\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${options.timeoutMs ?? 30_000} ms:\n${output()}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer): void => {
      keep(chunk);
      if (started) return;
      const info = parseInfo(startup);
      if (info === null) return;
      started = true;
      startup = '';
      clearTimeout(timer);
      resolve({ info, pid: child.pid as number, child, exited, output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', keep);
    void exited.then((exit) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`the server exited on start-up (${exit.code ?? exit.signal}):\n${output()}`));
    });
  });
}

/** Stops a server process gracefully (SIGTERM) and waits for it; SIGKILL after `graceMs`. */
export async function stopServerProcess(server: ServerProcess, graceMs = 10_000): Promise<ServerExit> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `sksml ARGS...` to completion (e.g. `audit verify --data DIR --json`). */
export function runSksmlCli(args: readonly string[], timeoutMs = 30_000): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: process.env,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
