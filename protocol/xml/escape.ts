/**
 * Escaping for XML serialization: the only place the project escapes text for XML. The character
 * sets and replacements are exactly those of Canonical XML (text: & < > CR; attributes: & < " TAB
 * LF CR), so serializers and the canonicalizer (protocol/xml/c14n.ts) share them. Values without a
 * special character are returned as they are (the common case on the hot path).
 */

const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/;

/** Escapes character data for element content. `>` is escaped too, so `]]>` can never appear. */
export function escapeText(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if (c === 0x0d) rep = '&#xD;';
    else continue;
    out += value.slice(from, i) + rep;
    from = i + 1;
  }
  return out + value.slice(from);
}

/** Escapes an attribute value for use between double quotes. */
export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let rep: string;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x22) rep = '&quot;';
    else if (c === 0x09) rep = '&#x9;';
    else if (c === 0x0a) rep = '&#xA;';
    else if (c === 0x0d) rep = '&#xD;';
    else continue;
    out += value.slice(from, i) + rep;
    from = i + 1;
  }
  return out + value.slice(from);
}
