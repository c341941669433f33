/**
 * Character classes of XML 1.0 (Fifth Edition) §2.2 and §2.3 and Namespaces in XML 1.0, used by
 * the intake parser. ASCII is decided by table; other code points by range tests.
 */

/** Characters XML 1.0 allows anywhere, as a regex that matches the first one it does NOT allow. */
export const DISALLOWED_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** True when the code point is a legal XML 1.0 Char (production [2]). */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** True for the four white-space characters of production [3]. */
export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
}

const ASCII_NAME_START = new Uint8Array(128);
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const start = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a;
  ASCII_NAME_START[c] = start ? 1 : 0;
  ASCII_NAME[c] = start || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e ? 1 : 0;
}

/** NameStartChar (production [4]); the colon is included, namespace rules are checked later. */
export function isNameStartChar(cp: number): boolean {
  if (cp < 0x80) return ASCII_NAME_START[cp] === 1;
  return (
    (cp >= 0xc0 && cp <= 0xd6) ||
    (cp >= 0xd8 && cp <= 0xf6) ||
    (cp >= 0xf8 && cp <= 0x2ff) ||
    (cp >= 0x370 && cp <= 0x37d) ||
    (cp >= 0x37f && cp <= 0x1fff) ||
    (cp >= 0x200c && cp <= 0x200d) ||
    (cp >= 0x2070 && cp <= 0x218f) ||
    (cp >= 0x2c00 && cp <= 0x2fef) ||
    (cp >= 0x3001 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfdcf) ||
    (cp >= 0xfdf0 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0xeffff)
  );
}

/** NameChar (production [4a]). */
export function isNameChar(cp: number): boolean {
  if (cp < 0x80) return ASCII_NAME[cp] === 1;
  return cp === 0xb7 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x203f && cp <= 0x2040) || isNameStartChar(cp);
}
