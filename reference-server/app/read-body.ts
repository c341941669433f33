/**
 * Reads a request body with a hard cap while it streams: the read stops (and the stream is
 * cancelled) as soon as more than `maxBytes` arrived, so an oversized body is refused with 413
 * without being buffered (SKSML-BIND-24). A declared Content-Length over the cap was already refused
 * by the binding stage before this runs.
 */
import { SoapBindingError } from '../../protocol/soap/http-binding.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';

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
      // SKSML-BIND-24
      throw new SoapBindingError('HTTP_PAYLOAD_TOO_LARGE', 'Sender', 'request body over the size limit', {
        httpStatus: 413,
        faultVersion: version,
        requirement: 'SKSML-BIND-24',
      });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
