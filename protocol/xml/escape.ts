/**
 * Escaping for XML serialization: the only place the project escapes text for XML. The character
 * sets and replacements are exactly those of Canonical XML (text: & < > CR; attributes: & < " TAB
 * LF CR), so serializers and the canonicalizer (protocol/xml/c14n.ts) share them. Values without a
 * special character are returned as they are (the common case on the hot path).
 */

const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/;

/** Replacement by character code (undefined: kept as it is). */
type Replacements = readonly (string | undefined)[];

function replacements(entries: Record<number, string>): Replacements {
  const table: (string | undefined)[] = [];
  for (const [code, rep] of Object.entries(entries)) table[Number(code)] = rep;
  return table;
}

const TEXT_REPLACEMENTS = replacements({ 0x26: '&amp;', 0x3c: '&lt;', 0x3e: '&gt;', 0x0d: '&#xD;' });
const ATTRIBUTE_REPLACEMENTS = replacements({
  0x26: '&amp;',
  0x3c: '&lt;',
  0x22: '&quot;',
  0x09: '&#x9;',
  0x0a: '&#xA;',
  0x0d: '&#xD;',
});

function replaceAll(value: string, table: Replacements): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const rep = table[value.charCodeAt(i)];
    if (rep === undefined) continue;
    out += value.slice(from, i) + rep;
    from = i + 1;
  }
  return out + value.slice(from);
}

/** Escapes character data for element content. `>` is escaped too, so `]]>` can never appear. */
export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? replaceAll(value, TEXT_REPLACEMENTS) : value;
}

/** Escapes an attribute value for use between double quotes. */
export function escapeAttribute(value: string): string {
  return ATTRIBUTE_SPECIAL.test(value) ? replaceAll(value, ATTRIBUTE_REPLACEMENTS) : value;
}
