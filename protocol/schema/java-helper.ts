/**
 * Builds the Java validation helper (java/XsdValidatorServer.java) on first use: javac compiles
 * it into a cache folder keyed by the source's SHA-256, so there is no build step and a changed
 * source is recompiled automatically. Concurrent first uses (parallel test workers) each compile
 * into a private folder and rename it into place; the loser of the race keeps the winner's copy.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const JAVA_HELPER_SOURCE = join(REPO_ROOT, 'java', 'XsdValidatorServer.java');
export const JAVA_HELPER_CLASS = 'XsdValidatorServer';

function cacheRoots(): string[] {
  return [join(REPO_ROOT, 'node_modules', '.cache', 'sksml-xerces'), join(tmpdir(), 'sksml-xerces')];
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(command, args, { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) fail(new Error(`${command} failed: ${stderr.trim() || error.message}`));
      else done();
    });
  });
}

let building: Promise<string> | null = null;

async function build(): Promise<string> {
  const source = readFileSync(JAVA_HELPER_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  let lastError: unknown = null;
  for (const root of cacheRoots()) {
    const target = join(root, hash);
    if (existsSync(join(target, `${JAVA_HELPER_CLASS}.class`))) return target;
    try {
      mkdirSync(root, { recursive: true });
      const scratch = mkdtempSync(join(root, `.build-${hash}-`));
      try {
        await run('javac', ['-encoding', 'UTF-8', '-nowarn', '-d', scratch, JAVA_HELPER_SOURCE]);
        try {
          renameSync(scratch, target);
        } catch (e) {
          if (!existsSync(join(target, `${JAVA_HELPER_CLASS}.class`))) throw e;
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      return target;
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** Folder holding the compiled helper class; compiles it if needed (once per process). */
export function ensureJavaHelper(): Promise<string> {
  building ??= build().catch((e: unknown) => {
    building = null;
    throw e;
  });
  return building;
}
