/**
 * One HTTP exchange with one server: POST the signed envelope with the binding's Content-Type and
 * action, under a per-attempt timeout that also covers reading the body, which is capped in size.
 * Failures of the channel become CLIENT_TRANSPORT or CLIENT_TIMEOUT (both retryable).
 */
import { SKSML_ACTIONS, type SksmlMessageName } from '../../protocol/soap/actions.ts';
import { SOAP11_MEDIA_TYPE, SOAP12_MEDIA_TYPE } from '../../protocol/soap/http-binding.ts';
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { ClientError } from '../errors/client-error.ts';
import type { ResolvedEndpoint } from './server-endpoint.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Uint8Array;
}

export interface ExchangeOptions {
  readonly version: SoapVersion;
  readonly message: SksmlMessageName;
  readonly envelope: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/** The request headers of the HTTP binding (SKSML-BIND-13, SKSML-BIND-14). */
export function requestHeaders(version: SoapVersion, message: SksmlMessageName): Record<string, string> {
  const action = SKSML_ACTIONS[message];
  // SKSML-BIND-14: the action travels in the Content-Type (1.2) or the SOAPAction header (1.1).
  if (version === '1.2') return { 'content-type': `${SOAP12_MEDIA_TYPE}; charset=utf-8; action="${action}"` };
  return { 'content-type': `${SOAP11_MEDIA_TYPE}; charset=utf-8`, soapaction: `"${action}"` };
}

class Timeout extends Error {}

/** Races `work` against the abort signal, so a handler that ignores the signal cannot hang us. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Timeout('timeout'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error('non-error rejection'));
      },
    );
  });
}

async function readCapped(response: Response, max: number, signal: AbortSignal): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = (await abortable(reader.read(), signal)) as { done: boolean; value?: Uint8Array };
      if (chunk.done || chunk.value === undefined) break;
      const value = chunk.value;
      total += value.byteLength;
      if (total > max) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export async function exchange(endpoint: ResolvedEndpoint, options: ExchangeOptions): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const server = endpoint.name;
  try {
    const request = new Request(endpoint.url, {
      method: 'POST',
      headers: requestHeaders(options.version, options.message),
      body: options.envelope,
      signal: controller.signal,
    });
    let response: Response;
    try {
      response = await abortable(endpoint.fetch(request), controller.signal);
    } catch (e) {
      if (e instanceof Timeout || controller.signal.aborted)
        throw new ClientError('CLIENT_TIMEOUT', `no answer from ${server} within ${options.timeoutMs} ms`, {
          server,
          requirement: 'SKSML-CLT-125',
        });
      throw new ClientError('CLIENT_TRANSPORT', `cannot reach ${server}`, { server, cause: e });
    }
    let body: Uint8Array | null;
    try {
      body = await readCapped(response, options.maxResponseBytes, controller.signal);
    } catch (e) {
      if (e instanceof Timeout || controller.signal.aborted)
        throw new ClientError('CLIENT_TIMEOUT', `the answer of ${server} did not complete in time`, {
          server,
          requirement: 'SKSML-CLT-125',
        });
      throw new ClientError('CLIENT_TRANSPORT', `the answer of ${server} was cut off`, { server, cause: e });
    }
    if (body === null)
      throw new ClientError('CLIENT_RESPONSE_MALFORMED', `the answer of ${server} is over the size limit`, {
        server,
      });
    return { status: response.status, contentType: response.headers.get('content-type'), body };
  } finally {
    clearTimeout(timer);
  }
}
