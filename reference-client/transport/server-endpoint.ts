/**
 * SKS server endpoints. The seam is `(Request) => Promise<Response>`: a URL is reached through the
 * global fetch, while an in-process handler (a Hono `app.fetch`, a scripted test server) is called
 * directly.
 */
import type { X509Certificate } from 'node:crypto';
import { ClientError } from '../errors/client-error.ts';

export type Fetcher = (request: Request) => Promise<Response>;

interface EndpointCommon {
  /** Pin: the response must be signed with exactly this certificate (SKSML-WSS-23). */
  readonly expectedCertificate?: X509Certificate;
}

export type ServerEndpoint =
  | (EndpointCommon & { readonly url: string; readonly name?: string })
  | (EndpointCommon & { readonly fetch: Fetcher; readonly name: string; readonly url?: string });

export interface ResolvedEndpoint {
  readonly name: string;
  /** URL placed in the Request (a dummy one for in-process handlers). */
  readonly url: string;
  readonly fetch: Fetcher;
  readonly expectedCertificate: X509Certificate | undefined;
}

const IN_PROCESS_URL = 'http://in-process.invalid/sks';

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw new ClientError('CLIENT_BAD_ARGUMENT', 'a server URL is not a valid URL', { cause: e });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ClientError('CLIENT_BAD_ARGUMENT', 'a server URL must be http: or https:');
  return parsed.href;
}

export function resolveEndpoints(servers: readonly ServerEndpoint[]): ResolvedEndpoint[] {
  if (servers.length === 0) throw new ClientError('CLIENT_BAD_ARGUMENT', 'at least one server is required');
  const resolved = servers.map((s): ResolvedEndpoint => {
    if ('fetch' in s && typeof s.fetch === 'function') {
      if (typeof s.name !== 'string' || s.name === '')
        throw new ClientError('CLIENT_BAD_ARGUMENT', 'an in-process server needs a name');
      return {
        name: s.name,
        url: s.url === undefined ? IN_PROCESS_URL : checkUrl(s.url),
        fetch: s.fetch,
        expectedCertificate: s.expectedCertificate,
      };
    }
    if (typeof s.url !== 'string')
      throw new ClientError('CLIENT_BAD_ARGUMENT', 'a server needs a url or a fetch function');
    const url = checkUrl(s.url);
    return {
      name: s.name ?? url,
      url,
      fetch: (request) => fetch(request),
      expectedCertificate: s.expectedCertificate,
    };
  });
  const names = new Set(resolved.map((r) => r.name));
  if (names.size !== resolved.length)
    throw new ClientError('CLIENT_BAD_ARGUMENT', 'server names must be unique');
  return resolved;
}
