import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTool, toolSkipReason } from '../testkit/external-tool.ts';
import { SKSML_SCHEMA_SET } from './load.ts';
import { SchemaEngineError } from './schema-errors.ts';
import { INVALID_SAMPLES, VALID_SAMPLES } from './sample-messages.ts';
import { createXercesValidator, parseReply } from './xerces-engine.ts';

const skip = toolSkipReason('java', hasTool('java', ['-version']) && hasTool('javac', ['-version']));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('parseReply', () => {
  it('parses status and findings, unknown positions as null', () => {
    expect(parseReply('RESULT\n3\t7\tbad value\n-1\t-1\tother')).toEqual({
      status: 'RESULT',
      findings: [
        { engine: 'xerces', message: 'bad value', line: 3, column: 7 },
        { engine: 'xerces', message: 'other', line: null, column: null },
      ],
    });
    expect(parseReply('READY')).toEqual({ status: 'READY', findings: [] });
  });
});

describe.skipIf(skip !== null)(`xerces helper process ${skip ?? ''}`, () => {
  let v: Awaited<ReturnType<typeof createXercesValidator>>;
  beforeAll(async () => {
    v = await createXercesValidator(SKSML_SCHEMA_SET);
  });
  afterAll(async () => {
    await v?.close();
  });

  it('answers many concurrent requests in order', async () => {
    const docs = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0
        ? (INVALID_SAMPLES[i % INVALID_SAMPLES.length] as { xml: string }).xml
        : (VALID_SAMPLES[i % VALID_SAMPLES.length] as { xml: string }).xml,
    );
    const results = await Promise.all(docs.map((d) => v.validate(d)));
    results.forEach((findings, i) => expect(findings.length === 0).toBe(i % 3 !== 0));
  });

  it('restarts after the JVM is killed and keeps answering', async () => {
    const before = v.pid;
    expect(before).not.toBeNull();
    process.kill(before as number, 'SIGKILL');
    await waitUntil(() => !alive(before as number));
    const sample = VALID_SAMPLES[0] as { xml: string };
    expect(await v.validate(sample.xml)).toEqual([]);
    expect(v.pid).not.toBe(before);
  });

  it('retries requests in flight when the JVM dies mid-batch', async () => {
    const sample = VALID_SAMPLES[1] as { xml: string };
    const pending = Array.from({ length: 50 }, () => v.validate(sample.xml));
    process.kill(v.pid as number, 'SIGKILL');
    const results = await Promise.all(pending);
    expect(results.every((f) => f.length === 0)).toBe(true);
  });

  it('close() ends the JVM and later calls are refused', async () => {
    const other = await createXercesValidator(SKSML_SCHEMA_SET);
    const pid = other.pid as number;
    expect(alive(pid)).toBe(true);
    await other.close();
    await waitUntil(() => !alive(pid));
    await expect(other.validate('<x/>')).rejects.toBeInstanceOf(SchemaEngineError);
  });
});
