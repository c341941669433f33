/**
 * The parent side of the crash test: seeds a store, runs crash-child.ts, kills it with SIGKILL
 * after a number of acknowledged keys, and returns the KeyIDs that were acknowledged.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SksStore } from '../store.ts';

export const CRASH_DOMAIN = 10514n;
export const CRASH_SERVER = 1n;
export const CRASH_CLIENT = 'crash-client';
export const CRASH_KEY_CLASS = 'crash-class';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function seedCrashStore(store: SksStore, certificateDer: Uint8Array): Promise<void> {
  await store.insertClient({ id: CRASH_CLIENT, certificateDer, subject: 'CN=crash' });
  await store.putKeyClass({
    name: CRASH_KEY_CLASS,
    keyUsePolicy: '{}',
    keyCachePolicy: '{}',
    requiresApproval: false,
  });
}

export interface CrashRun {
  readonly acknowledged: readonly bigint[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the child until `killAfter` acknowledgements (or `timeoutMs`), then SIGKILLs it. */
export function runCrashChild(
  args: readonly string[],
  killAfter: number,
  timeoutMs = 30_000,
): Promise<CrashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: bigint[] = [];
    let stderr = '';
    let buffer = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const match = /^ACK ([0-9]+)$/.exec(line);
        if (match) acknowledged.push(BigInt(match[1]!));
      }
      if (acknowledged.length >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ acknowledged, signal, stderr });
    });
  });
}
