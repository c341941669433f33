/**
 * Xerces engine: the JDK's javax.xml.validation in a persistent JVM (java/XsdValidatorServer.java).
 * The helper compiles the schema set once, with the JDK catalog API for offline resolution, then
 * answers length-prefixed requests (frame.ts) in order. This side:
 *  - refuses DOCTYPE/entity declarations before anything reaches Java;
 *  - queues requests (the helper answers strictly in order);
 *  - restarts the JVM if it dies, re-sending the requests it had not answered; a request that was
 *    in flight during two crashes is rejected (SchemaEngineError) instead of retried forever;
 *  - close() ends the JVM (stdin EOF, then SIGKILL after a grace period);
 *  - keeps an idle JVM from holding the Node process open (unref while nothing is pending).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { findDoctype } from './doctype-guard.ts';
import type { SchemaFinding, SchemaSetSource, SchemaValidator } from './engine.ts';
import { encodeFrame, FrameDecoder } from './frame.ts';
import { ensureJavaHelper, JAVA_HELPER_CLASS } from './java-helper.ts';
import { SchemaCompileError, SchemaEngineError } from './schema-errors.ts';
import { prepareSchemaSet, SchemaSetError } from './schema-set.ts';
import type { PreparedSchemaSet } from './schema-set.ts';

const JVM_OPTIONS = [
  '-Xss4m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Xshare:auto',
  '-Djava.awt.headless=true',
];
const CLOSE_GRACE_MS = 3_000;
const MAX_ATTEMPTS = 2;

interface Reply {
  readonly status: string;
  readonly findings: SchemaFinding[];
}

/** Parses one response frame of the helper. */
export function parseReply(text: string): Reply {
  const [status = '', ...lines] = text.split('\n');
  const findings = lines
    .filter((l) => l.length > 0)
    .map((l): SchemaFinding => {
      const [line = '-1', column = '-1', ...rest] = l.split('\t');
      const n = (s: string): number | null => (Number.parseInt(s, 10) > 0 ? Number.parseInt(s, 10) : null);
      return { engine: 'xerces', message: rest.join(' '), line: n(line), column: n(column) };
    });
  return { status, findings };
}

interface Job {
  readonly frame: Buffer;
  attempts: number;
  resolve(findings: SchemaFinding[]): void;
  reject(error: Error): void;
}

interface Jvm {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the first frame (READY or COMPILE_ERROR). */
  readonly ready: Promise<Reply>;
  /** Jobs written to this JVM and not yet answered, oldest first. */
  readonly inFlight: Job[];
  exited: boolean;
}

function setRef(jvm: Jvm, ref: boolean): void {
  const handles = [jvm.child, jvm.child.stdout, jvm.child.stderr, jvm.child.stdin] as unknown as {
    ref?: () => void;
    unref?: () => void;
  }[];
  for (const h of handles) (ref ? h.ref : h.unref)?.call(h);
}

class XercesValidator implements SchemaValidator {
  readonly engine = 'xerces' as const;
  private jvm: Jvm | null = null;
  private readonly waiting: Job[] = [];
  private closed = false;
  private stderrTail = '';

  constructor(
    private readonly classDir: string,
    private readonly set: PreparedSchemaSet,
  ) {}

  /** Starts a JVM and waits for READY; throws SchemaCompileError on COMPILE_ERROR. */
  async start(): Promise<void> {
    const jvm = this.spawnJvm();
    const first = await jvm.ready;
    if (first.status === 'READY') return;
    this.jvm = null;
    jvm.child.kill('SIGKILL');
    if (first.status === 'COMPILE_ERROR')
      throw new SchemaCompileError('xerces', first.findings, this.set.entry);
    throw new SchemaEngineError('xerces', `helper did not start: ${first.status} ${this.stderrTail.trim()}`);
  }

  private spawnJvm(): Jvm {
    const args = [...JVM_OPTIONS, '-cp', this.classDir, JAVA_HELPER_CLASS, this.set.entry];
    if (this.set.catalog !== undefined) args.push(this.set.catalog);
    const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const decoder = new FrameDecoder();
    let onFirst: (reply: Reply) => void = () => undefined;
    const ready = new Promise<Reply>((resolve) => (onFirst = resolve));
    let gotFirst = false;
    const jvm: Jvm = { child, ready, inFlight: [], exited: false };
    this.jvm = jvm;
    child.stdout.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = decoder.push(chunk);
      } catch {
        child.kill('SIGKILL');
        return;
      }
      for (const frame of frames) {
        const reply = parseReply(frame);
        if (!gotFirst) {
          gotFirst = true;
          onFirst(reply);
          continue;
        }
        const job = jvm.inFlight.shift();
        if (job === undefined) continue;
        if (reply.status === 'RESULT') job.resolve(reply.findings);
        else job.reject(new SchemaEngineError('xerces', reply.findings[0]?.message ?? reply.status));
      }
      if (jvm.inFlight.length === 0 && this.waiting.length === 0) setRef(jvm, false);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    child.stdin.on('error', () => undefined); // EPIPE after a crash: handled on 'exit'
    child.on('error', (error) => {
      if (!gotFirst) {
        gotFirst = true;
        onFirst({ status: 'SPAWN_FAILED', findings: [] });
        this.stderrTail += String(error);
      }
    });
    child.on('close', () => {
      jvm.exited = true;
      if (!gotFirst) {
        gotFirst = true;
        onFirst({ status: 'EXITED', findings: [] });
      }
      if (this.jvm === jvm) this.jvm = null;
      this.recover(jvm.inFlight.splice(0));
    });
    return jvm;
  }

  /** Re-queues unanswered jobs after a crash (at most MAX_ATTEMPTS each), then restarts. */
  private recover(lost: Job[]): void {
    if (lost.length === 0 && this.waiting.length === 0) return;
    const retry: Job[] = [];
    for (const job of lost) {
      if (this.closed) job.reject(new SchemaEngineError('xerces', 'validator closed'));
      else if (job.attempts >= MAX_ATTEMPTS)
        job.reject(
          new SchemaEngineError(
            'xerces',
            `the Java helper died while validating (${this.stderrTail.trim() || 'no output'})`,
          ),
        );
      else retry.push(job);
    }
    this.waiting.unshift(...retry);
    if (!this.closed && this.waiting.length > 0) void this.pump();
  }

  private pumping: Promise<void> | null = null;

  /** Makes sure a JVM runs and writes waiting jobs to it. */
  private pump(): Promise<void> {
    if (this.pumping !== null) return this.pumping;
    const run = async (): Promise<void> => {
      while (this.waiting.length > 0 && !this.closed) {
        let jvm = this.jvm;
        if (jvm === null || jvm.exited) {
          try {
            await this.start();
          } catch (e) {
            const error = e instanceof Error ? e : new Error(String(e));
            for (const job of this.waiting.splice(0)) job.reject(error);
            return;
          }
          jvm = this.jvm;
          if (jvm === null) continue;
        }
        setRef(jvm, true);
        for (const job of this.waiting.splice(0)) {
          job.attempts += 1;
          jvm.inFlight.push(job);
          jvm.child.stdin.write(job.frame);
        }
      }
    };
    const running = run().finally(() => {
      this.pumping = null;
      // Jobs queued after the loop's last check but before this point still need a writer.
      if (this.waiting.length > 0 && !this.closed) void this.pump();
    });
    this.pumping = running;
    return running;
  }

  validate(xml: string): Promise<SchemaFinding[]> {
    if (this.closed) return Promise.reject(new SchemaEngineError('xerces', 'validator is closed'));
    const refused = findDoctype('xerces', xml);
    if (refused !== null) return Promise.resolve([refused]);
    let frame: Buffer;
    try {
      frame = encodeFrame(xml);
    } catch (e) {
      return Promise.reject(new SchemaEngineError('xerces', (e as Error).message));
    }
    return new Promise<SchemaFinding[]>((resolve, reject) => {
      this.waiting.push({ frame, attempts: 0, resolve, reject });
      void this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new SchemaEngineError('xerces', 'validator closed'));
    const jvm = this.jvm;
    this.jvm = null;
    if (jvm !== null && !jvm.exited) {
      setRef(jvm, true);
      const exited = new Promise<void>((resolve) => jvm.child.once('close', () => resolve()));
      jvm.child.stdin.end();
      const timer = setTimeout(() => jvm.child.kill('SIGKILL'), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    this.set.dispose();
  }

  /** For tests: the running JVM's process id, or null. */
  get pid(): number | null {
    return this.jvm?.child.pid ?? null;
  }
}

export async function createXercesValidator(
  source: SchemaSetSource,
): Promise<SchemaValidator & { readonly pid: number | null }> {
  let set: PreparedSchemaSet;
  try {
    set = prepareSchemaSet(source, { localOnly: false });
  } catch (e) {
    const message = e instanceof SchemaSetError ? e.message : String(e);
    throw new SchemaCompileError(
      'xerces',
      [{ engine: 'xerces', message, line: null, column: null }],
      source.dir,
    );
  }
  let classDir: string;
  try {
    classDir = await ensureJavaHelper();
  } catch (e) {
    set.dispose();
    throw new SchemaEngineError('xerces', `cannot build the Java helper: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const validator = new XercesValidator(classDir, set);
  try {
    await validator.start();
  } catch (e) {
    set.dispose();
    throw e;
  }
  return validator;
}
