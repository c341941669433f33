/**
 * Serving the project's XSDs next to the WSDL: `GET /sks?xsd=NAME` returns the file `NAME` of
 * schemas/ when NAME is on a fixed allowlist (never a path the client makes up: no `..`, no
 * absolute paths, no other file). Each served document has its schemaLocation attributes
 * rewritten to `?xsd=<name>` references, so a client that fetched it from the endpoint resolves
 * every include and import through the endpoint again (RFC 3986: a reference that starts with `?`
 * keeps the base URL's path and replaces its query).
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The query parameter that names a schema. */
export const XSD_QUERY_PARAMETER = 'xsd';

/** Every schema the endpoint serves: the SKSML set and everything it includes or imports. */
export const SERVED_SCHEMAS: readonly string[] = Object.freeze([
  'sksml.xsd',
  'sksml-core.xsd',
  'sksml-symkey-request.xsd',
  'sksml-symkey-response.xsd',
  'sksml-kcp-request.xsd',
  'sksml-kcp-response.xsd',
  'w3c/xmlenc.xsd',
  'w3c/xmldsig.xsd',
  'w3c/xml.xsd',
  'w3c/soap12-envelope.xsd',
  'w3c/soap11-envelope.xsd',
  'oasis/wss-secext.xsd',
  'oasis/wss-utility.xsd',
]);

/** The schemas the WSDL's types section includes: the four SKSML messages. */
export const WSDL_MESSAGE_SCHEMAS: readonly string[] = Object.freeze([
  'sksml-symkey-request.xsd',
  'sksml-symkey-response.xsd',
  'sksml-kcp-request.xsd',
  'sksml-kcp-response.xsd',
]);

const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export interface ServedSchema {
  readonly name: string;
  readonly contentType: string;
  readonly body: string;
}

/** True when `name` is exactly one of the served schema names. */
export function isServedSchema(name: string): boolean {
  return SERVED_SCHEMAS.includes(name);
}

/** The `?xsd=` reference of a served schema (relative to the endpoint URL). */
export function schemaReference(name: string): string {
  return `?${XSD_QUERY_PARAMETER}=${name}`;
}

/**
 * Rewrites the schemaLocation attributes of the schema `name` to `?xsd=` references. A location
 * that does not resolve to a served schema is an error (the allowlist must be closed under
 * include/import), so a broken set fails in tests rather than at a client.
 */
export function rewriteSchemaLocations(name: string, text: string): string {
  const folder = posix.dirname(name);
  return text.replace(/schemaLocation="([^"]*)"/g, (_m, location: string) => {
    const target = posix.normalize(posix.join(folder, location));
    if (!isServedSchema(target)) throw new Error(`schema ${name} refers to ${location}, which is not served`);
    return `schemaLocation="${schemaReference(target)}"`;
  });
}

const cache = new Map<string, ServedSchema>();

/**
 * The schema to answer `GET /sks?xsd=<name>` with, or null when `name` is not served (the caller
 * answers 404 without echoing the name).
 */
// SKSML-SRV-115: only allowlisted schema names are served.
export function readServedSchema(name: string): ServedSchema | null {
  if (!isServedSchema(name)) return null;
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const text = readFileSync(posix.join(SCHEMA_DIR, name), 'utf8');
  const served = {
    name,
    contentType: 'application/xml; charset=utf-8',
    body: rewriteSchemaLocations(name, text),
  };
  cache.set(name, served);
  return served;
}
