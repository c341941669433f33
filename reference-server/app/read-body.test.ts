import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnreadByteStream, readBodyWithCap, readNodeBodyWithCap } from './read-body.ts';

type Outcome = { bytes: number[] } | { code: string; status: number | null };

async function outcomeOf(read: Promise<Uint8Array>): Promise<Outcome> {
  try {
    return { bytes: [...(await read)] };
  } catch (e) {
    const error = e as { code?: string; httpStatus?: number | null };
    return { code: error.code ?? 'none', status: error.httpStatus ?? null };
  }
}

function webStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

function nodeStream(chunks: readonly Uint8Array[]): Readable {
  let i = 0;
  return new Readable({
    read() {
      const chunk = chunks[i++];
      this.push(chunk === undefined ? null : Buffer.from(chunk));
    },
  });
}

describe('readNodeBodyWithCap', () => {
  it('answers exactly as the web-stream read for any chunking and cap (bytes, or 413)', async () => {
    const chunk = fc.uint8Array({ minLength: 1, maxLength: 64 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(chunk, { maxLength: 12 }),
        fc.integer({ min: 0, max: 500 }),
        async (chunks, cap) => {
          const web = await outcomeOf(readBodyWithCap(webStream(chunks), cap, '1.2'));
          const node = await outcomeOf(readNodeBodyWithCap(nodeStream(chunks), cap, '1.2'));
          expect(node).toEqual(web);
          const total = chunks.reduce((n, c) => n + c.byteLength, 0);
          expect('bytes' in node).toBe(total <= cap);
          if ('code' in node) expect(node).toEqual({ code: 'HTTP_PAYLOAD_TOO_LARGE', status: 413 });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stops reading soon after the cap is passed (no unbounded buffering)', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 16 * 1024;
        this.push(Buffer.alloc(16 * 1024, 0x61));
      },
    });
    const outcome = await outcomeOf(readNodeBodyWithCap(endless, 64 * 1024, '1.1'));
    expect(outcome).toEqual({ code: 'HTTP_PAYLOAD_TOO_LARGE', status: 413 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(endless.isPaused()).toBe(true);
    expect(produced).toBeLessThan(256 * 1024);
  });

  it('rejects when the stream fails or closes before its end, and never hangs', async () => {
    const failing = new Readable({ read() {} });
    const failed = readNodeBodyWithCap(failing, 1024, '1.2');
    failing.push(Buffer.from('<a>'));
    failing.destroy(new Error('ECONNRESET'));
    await expect(failed).rejects.toThrow('ECONNRESET');

    const closing = new Readable({ read() {} });
    const closed = readNodeBodyWithCap(closing, 1024, '1.2');
    closing.push(Buffer.from('<a>'));
    closing.destroy();
    await expect(closed).rejects.toThrow(/prematurely/);

    const gone = new Readable({ read() {} });
    gone.destroy();
    expect(isUnreadByteStream(gone)).toBe(false);
    await expect(readNodeBodyWithCap(gone, 1024, '1.2')).rejects.toThrow(/not readable/);
  });

  it('is not used on a stream something else has read or that decodes text', () => {
    const text = nodeStream([Buffer.from('x')]);
    text.setEncoding('utf8');
    expect(isUnreadByteStream(text)).toBe(false);
    const read = nodeStream([Buffer.from('x')]);
    read.read();
    expect(isUnreadByteStream(read)).toBe(false);
    expect(isUnreadByteStream(nodeStream([Buffer.from('x')]))).toBe(true);
  });

  it('reads an empty body as zero bytes', async () => {
    expect(await readNodeBodyWithCap(nodeStream([]), 10, '1.2')).toEqual(new Uint8Array(0));
  });
});
