/**
 * Reads the base64 content of DigestValue, SignatureValue and BinarySecurityToken: plain text
 * children only (no comments, no CDATA, no child elements), canonical base64 once XML whitespace
 * is removed (SKSML-WSS-20). A comment splitting a DigestValue (CVE-2025-29775) is refused here.
 */
import type { XmlElement } from '../xml/tree.ts';
import { WssError } from './wss-error.ts';

const WHITESPACE = /[ \t\r\n]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const ALPHABET = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')
  ALPHABET[c.charCodeAt(0)] = 1;

function inAlphabet(c: number): boolean {
  return c < 128 && ALPHABET[c] === 1;
}

/**
 * True when `text` matches BASE64 (groups of four alphabet characters, the last one possibly
 * `xx==` or `xxx=`), decided by one pass over the characters instead of the regex engine
 * (base64-text.test.ts compares the two).
 */
export function isCanonicalBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  if (n === 0) return true;
  for (let k = 0; k < n - 2; k++) if (!inAlphabet(text.charCodeAt(k))) return false;
  const c2 = text.charCodeAt(n - 2);
  const c1 = text.charCodeAt(n - 1);
  if (c1 !== 0x3d) return inAlphabet(c2) && inAlphabet(c1); // xxxx
  return c2 === 0x3d || inAlphabet(c2); // xx== or xxx=
}

/** The regex form of isCanonicalBase64 (kept as its definition and test oracle). */
export const CANONICAL_BASE64 = BASE64;

export function readBase64Text(element: XmlElement, what: string): Buffer {
  let text = '';
  for (const child of element.children) {
    // SKSML-WSS-20: pure text children only.
    if (child.kind !== 'text' || child.cdata)
      throw new WssError('WSS_NON_TEXT_VALUE', `${what} must contain only base64 text`, {
        requirement: 'SKSML-WSS-20',
      });
    text += child.value;
  }
  // (Only text with XML white space needs a copy without it.)
  const compact = WHITESPACE.test(text) ? text.replace(/[ \t\r\n]+/g, '') : text;
  if (compact.length === 0 || !isCanonicalBase64(compact))
    throw new WssError('WSS_MALFORMED_BASE64', `${what} is not valid base64`, {
      requirement: 'SKSML-WSS-20',
    });
  return Buffer.from(compact, 'base64');
}
