/** Sends one prepared request to the target and keeps the exact exchange as evidence. */
import { createHash } from 'node:crypto';
import { EVIDENCE_TEXT_LIMIT, type HttpEvidence } from '../model/result.ts';
import type { Target } from '../model/target.ts';
import { decodeText } from './mutations.ts';
import type { OutgoingRequest } from './outgoing.ts';

export interface Exchange {
  readonly evidence: HttpEvidence;
  /** The response body as text, complete (evidence may be truncated). */
  readonly responseText: string | null;
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly status: number | null;
  readonly transportError: string | null;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function clip(text: string): { body: string; truncated: boolean } {
  return text.length > EVIDENCE_TEXT_LIMIT
    ? { body: text.slice(0, EVIDENCE_TEXT_LIMIT), truncated: true }
    : { body: text, truncated: false };
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name.toLowerCase()] = value;
  });
  return out;
}

export async function sendRequest(
  target: Target,
  request: OutgoingRequest,
  timeoutMs: number,
): Promise<Exchange> {
  const requestText = decodeText(request.body);
  const requestEvidence = {
    method: request.method,
    url: target.url,
    headers: { ...request.headers },
    ...clip(requestText),
    bodyBytes: request.body.length,
    bodySha256: sha256(request.body),
  };
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    const response = await target.fetch(
      new Request(target.url, {
        method: request.method,
        headers: request.headers,
        ...(hasBody ? { body: request.body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      }),
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = decodeText(bytes);
    const headers = headerRecord(response.headers);
    return {
      evidence: {
        request: requestEvidence,
        response: {
          status: response.status,
          headers,
          ...clip(text),
          bodyBytes: bytes.length,
          bodySha256: sha256(bytes),
        },
      },
      responseText: text,
      responseHeaders: headers,
      status: response.status,
      transportError: null,
    };
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
    const message = `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}${cause}`;
    return {
      evidence: { request: requestEvidence, response: null, transportError: message },
      responseText: null,
      responseHeaders: {},
      status: null,
      transportError: message,
    };
  }
}
