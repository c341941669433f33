/**
 * TEST-ONLY hook of the pipeline's intake: with `acceptDoctype`, a DOCTYPE declaration (and its
 * internal subset) is cut out of the request before the hardened parser sees it, as a parser that
 * "ignores" DTDs would do, instead of refusing the request.
 */
import { hasDefect, type DefectCarrier } from './defect-switches.ts';

const DOCTYPE = /<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>/;

export function requestBodyWithDefects(carrier: DefectCarrier, body: Uint8Array): Uint8Array {
  if (!hasDefect(carrier, 'acceptDoctype')) return body;
  const text = Buffer.from(body).toString('utf8');
  return DOCTYPE.test(text) ? new Uint8Array(Buffer.from(text.replace(DOCTYPE, ''), 'utf8')) : body;
}
