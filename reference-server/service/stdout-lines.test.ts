import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLUSH_INTERVAL_MS, flushStdoutLines, MAX_PENDING_CHARS, writeStdoutLine } from './stdout-lines.ts';

function captureStdout(): string[] {
  const writes: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  return writes;
}

afterEach(() => {
  flushStdoutLines();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('writeStdoutLine', () => {
  it('writes the request lines queued within the interval as one chunk, in order', () => {
    vi.useFakeTimers();
    const writes = captureStdout();
    writeStdoutLine('a\n', false);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS - 1);
    writeStdoutLine('b\n', false);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['a\nb\n']);
    writeStdoutLine('c\n', false);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS);
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes an urgent line at once, after the lines queued before it', () => {
    vi.useFakeTimers();
    const writes = captureStdout();
    writeStdoutLine('request\n', false);
    writeStdoutLine('alarm\n', true);
    expect(writes).toEqual(['request\nalarm\n']);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 2);
    expect(writes).toEqual(['request\nalarm\n']);
  });

  it('writes without waiting once the queue is large', () => {
    vi.useFakeTimers();
    const writes = captureStdout();
    const line = `${'x'.repeat(1023)}\n`;
    const count = Math.ceil(MAX_PENDING_CHARS / line.length);
    for (let i = 0; i < count; i++) writeStdoutLine(line, false);
    expect(writes).toEqual([line.repeat(count)]);
  });

  it('flushStdoutLines writes what is queued (graceful shutdown) and nothing twice', () => {
    vi.useFakeTimers();
    const writes = captureStdout();
    writeStdoutLine('last\n', false);
    flushStdoutLines();
    expect(writes).toEqual(['last\n']);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 2);
    flushStdoutLines();
    expect(writes).toEqual(['last\n']);
  });
});
