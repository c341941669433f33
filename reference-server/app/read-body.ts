/**
 * Reads a request body with a hard cap while it streams: the read stops as soon as more than
 * `maxBytes` arrived, so an oversized body is refused with 413 without being buffered
 * (SKSML-BIND-24). A declared Content-Length over the cap was already refused by the binding stage
 * before this runs.
 *
 * Two sources, one semantics: a web ReadableStream (app.fetch callers: tests, the in-process
 * conformance harness) and, under @hono/node-server, the Node IncomingMessage itself, which spares
 * building an undici Request and a web stream around it for every request.
 */
import type { Readable } from 'node:stream';
import { SoapBindingError } from '../../protocol/soap/http-binding.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';

function tooLarge(version: SoapVersion): SoapBindingError {
  // SKSML-BIND-24
  return new SoapBindingError('HTTP_PAYLOAD_TOO_LARGE', 'Sender', 'request body over the size limit', {
    httpStatus: 413,
    faultVersion: version,
    requirement: 'SKSML-BIND-24',
  });
}

function concatenate(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export async function readBodyWithCap(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  version: SoapVersion,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(version);
    }
    chunks.push(value);
  }
  return total === 0 ? new Uint8Array(0) : concatenate(chunks, total);
}

/**
 * True when `stream` can be read here as raw bytes: nothing has read it yet, it is not decoding
 * to strings, and it has not failed. Otherwise the caller uses the web stream path.
 */
export function isUnreadByteStream(stream: Readable): boolean {
  return (
    stream.readableEncoding === null &&
    !stream.readableDidRead &&
    !stream.readableEnded &&
    !stream.destroyed &&
    stream.errored === null
  );
}

/**
 * The same read from a Node Readable (the IncomingMessage of @hono/node-server). Past the cap it
 * stops listening and pauses the stream: nothing more is buffered here, and the server's own
 * clean-up drains or closes the connection after the 413 is sent (as it does for a web stream
 * cancelled mid-body). An error or a close before the end rejects.
 */
export function readNodeBodyWithCap(
  stream: Readable,
  maxBytes: number,
  version: SoapVersion,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stop = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onData = (chunk: Uint8Array | string): void => {
      if (typeof chunk === 'string') {
        stop();
        reject(new TypeError('the request body stream is decoding to text'));
        return;
      }
      total += chunk.byteLength;
      if (total > maxBytes) {
        stop();
        stream.pause();
        reject(tooLarge(version));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(total === 0 ? new Uint8Array(0) : concatenate(chunks, total));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onClose = (): void => {
      stop();
      reject(new Error('the request body ended prematurely'));
    };
    if (!isUnreadByteStream(stream)) {
      reject(new Error('the request body stream is not readable'));
      return;
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
