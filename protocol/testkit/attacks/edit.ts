/** String surgery on envelopes written by the fixture template (its layout is fixed and compact). */

const BODY = /<(env|soap):Body\b[^>]*>[\s\S]*<\/\1:Body>/;

/** The serialized Body element of a template envelope. */
export function bodyOf(xml: string): string {
  const m = BODY.exec(xml);
  if (!m) throw new Error('fixture: no Body');
  return m[0];
}

/** The serialized ds:Signature element of a template envelope. */
export function signatureOf(xml: string): string {
  const m = /<ds:Signature>[\s\S]*<\/ds:Signature>/.exec(xml);
  if (!m) throw new Error('fixture: no Signature');
  return m[0];
}

/** Replaces exactly one occurrence of `find` (throws when absent, so fixtures cannot rot silently). */
export function replaceOnce(xml: string, find: string | RegExp, replacement: string): string {
  const found = typeof find === 'string' ? xml.includes(find) : find.test(xml);
  if (!found) throw new Error(`fixture: ${String(find)} not found`);
  return xml.replace(find, replacement);
}

export const ATTACKER_NS = 'urn:example:attacker';
export const EVIL_PAYLOAD =
  '<ekmi:SymkeyRequest xmlns:ekmi="http://docs.oasis-open.org/ekmi/2008/01"><ekmi:GlobalKeyID>10514-66-666</ekmi:GlobalKeyID></ekmi:SymkeyRequest>';
