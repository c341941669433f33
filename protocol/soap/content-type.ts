/**
 * Parsing HTTP media types (RFC 9110 §8.3.1 and §5.6): `type/subtype *( OWS ";" OWS [ name=value ] )`
 * where a value is a token or a quoted-string with backslash escapes. Type, subtype and parameter
 * names are case-insensitive (returned lower-case); values keep their case.
 */

export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  /** `type/subtype`, lower-case. */
  readonly essence: string;
  /** Parameters by lower-case name, values unquoted. */
  readonly parameters: ReadonlyMap<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** 1 at the char codes of RFC 9110 token characters (all below 128). */
const TOKEN_CODES = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
  TOKEN_CODES[c.charCodeAt(0)] = 1;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SEMICOLON = 0x3b;

function isTokenCode(code: number): boolean {
  return code < 128 && TOKEN_CODES[code] === 1;
}

/** True when `value` is an RFC 9110 token. */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * Parses a Content-Type value. Returns null when it is not a valid media type, or when a parameter
 * appears twice (an ambiguity that is refused rather than guessed at).
 *
 * Read by char codes, and a quoted-string's runs of plain characters taken as slices, since it runs
 * for every request (the result is the same as reading character by character: the property test
 * in content-type.test.ts compares it with the previous parser).
 */
export function parseContentType(value: string): MediaType | null {
  const n = value.length;
  let i = skipOws(value, 0, n);
  let start = i;
  i = skipToken(value, i, n);
  const type = value.slice(start, i);
  if (type === '' || value.charCodeAt(i) !== 0x2f) return null;
  i++;
  start = i;
  i = skipToken(value, i, n);
  const subtype = value.slice(start, i);
  if (subtype === '') return null;
  const parameters = new Map<string, string>();
  for (;;) {
    i = skipOws(value, i, n);
    if (i >= n) break;
    if (value.charCodeAt(i) !== SEMICOLON) return null;
    i = skipOws(value, i + 1, n);
    if (i >= n || value.charCodeAt(i) === SEMICOLON) continue; // empty parameter, allowed by the grammar
    start = i;
    i = skipToken(value, i, n);
    const name = value.slice(start, i).toLowerCase();
    if (name === '' || value.charCodeAt(i) !== 0x3d) return null;
    i++;
    let parameterValue: string;
    if (value.charCodeAt(i) === QUOTE) {
      i++;
      parameterValue = '';
      let run = i;
      for (;;) {
        if (i >= n) return null; // unterminated quoted-string
        const code = value.charCodeAt(i);
        if (code === QUOTE) {
          parameterValue += value.slice(run, i);
          i++;
          break;
        }
        if (code === BACKSLASH) {
          if (i + 1 >= n) return null;
          parameterValue += value.slice(run, i) + value.charAt(i + 1);
          i += 2;
          run = i;
          continue;
        }
        if ((code < 0x20 && code !== TAB) || code === 0x7f) return null;
        i++;
      }
    } else {
      start = i;
      i = skipToken(value, i, n);
      parameterValue = value.slice(start, i);
      if (parameterValue === '') return null;
    }
    if (parameters.has(name)) return null;
    parameters.set(name, parameterValue);
  }
  const lowerType = type.toLowerCase();
  const lowerSubtype = subtype.toLowerCase();
  return { type: lowerType, subtype: lowerSubtype, essence: `${lowerType}/${lowerSubtype}`, parameters };
}

function skipOws(value: string, i: number, n: number): number {
  while (i < n) {
    const code = value.charCodeAt(i);
    if (code !== SPACE && code !== TAB) break;
    i++;
  }
  return i;
}

function skipToken(value: string, i: number, n: number): number {
  while (i < n && isTokenCode(value.charCodeAt(i))) i++;
  return i;
}

/**
 * Parses a value that must be one quoted-string and nothing else (the SOAP 1.1 SOAPAction header,
 * WS-I Basic Profile R1109). Returns the unquoted content, or null.
 */
export function parseQuotedString(value: string): string | null {
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return null;
  let out = '';
  for (let i = 1; i < trimmed.length - 1; i++) {
    const c = trimmed.charAt(i);
    if (c === '"') return null;
    if (c === '\\') {
      if (i + 1 >= trimmed.length - 1) return null;
      out += trimmed.charAt(i + 1);
      i++;
      continue;
    }
    const code = c.charCodeAt(0);
    if ((code < 0x20 && c !== '\t') || code === 0x7f) return null;
    out += c;
  }
  return out;
}
