/**
 * A target is anything that answers HTTP requests like an SKS server: a URL reached with the
 * global fetch, or an in-process app (`app.fetch`).
 */
export interface Target {
  readonly name: string;
  /** The SKS endpoint URL requests are posted to. */
  readonly url: string;
  readonly fetch: (request: Request) => Promise<Response>;
}

/**
 * A target for a running server. A URL whose path is empty or `/` gets the default endpoint path
 * `/sks` (SKSML-BIND-11); any other path is used as given.
 */
export function createUrlTarget(url: string, name?: string): Target {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new RangeError(`unsupported URL scheme ${parsed.protocol}`);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/sks';
  return { name: name ?? parsed.host, url: parsed.toString(), fetch: (request) => fetch(request) };
}

/** A target served in-process, e.g. `createFetchTarget('reference', app.fetch)`. */
export function createFetchTarget(
  name: string,
  handler: (request: Request) => Promise<Response> | Response,
  url = 'http://in-process.invalid/sks',
): Target {
  return { name, url, fetch: async (request) => handler(request) };
}
