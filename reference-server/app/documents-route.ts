/**
 * GET /sks?wsdl (the WSDL 1.1 of the service, built for the URL the request reached) and
 * GET /sks?xsd=NAME (the allowlisted schema documents, reference-server/wsdl/served-schemas.ts).
 * Any other GET on /sks falls through to the SOAP handler, which answers 405 (SKSML-BIND-10).
 */
import type { Context } from 'hono';
import { buildWsdl } from '../wsdl/build-wsdl.ts';
import { readServedSchema, XSD_QUERY_PARAMETER } from '../wsdl/served-schemas.ts';

/** The answer to a documents GET, or null when the request is not one. */
export function answerDocumentRequest(c: Context): Response | null {
  const url = new URL(c.req.url);
  if (url.searchParams.has('wsdl') && [...url.searchParams.keys()].length === 1) {
    const wsdl = buildWsdl({ endpointUrl: `${url.origin}${url.pathname}` });
    return new Response(wsdl, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
  }
  const names = url.searchParams.getAll(XSD_QUERY_PARAMETER);
  if (names.length === 1 && [...url.searchParams.keys()].length === 1) {
    const schema = readServedSchema(names[0] as string);
    // Never echo the requested name.
    if (schema === null)
      return new Response('not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
    return new Response(schema.body, { status: 200, headers: { 'content-type': schema.contentType } });
  }
  return null;
}
