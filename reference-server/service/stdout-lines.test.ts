import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeStdoutLine } from './stdout-lines.ts';

function captureStdout(): string[] {
  const writes: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  return writes;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeStdoutLine', () => {
  it('writes the request lines of one turn as one chunk on the next turn, in order', async () => {
    const writes = captureStdout();
    writeStdoutLine('a\n', false);
    writeStdoutLine('b\n', false);
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(['a\nb\n']);
  });

  it('writes an urgent line at once, after the lines queued before it', async () => {
    const writes = captureStdout();
    writeStdoutLine('request\n', false);
    writeStdoutLine('alarm\n', true);
    expect(writes).toEqual(['request\nalarm\n']);
    await nextTurn();
    expect(writes).toEqual(['request\nalarm\n']);
  });
});
