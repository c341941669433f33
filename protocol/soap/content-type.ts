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
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const OWS = /[ \t]/;

/** True when `value` is an RFC 9110 token. */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * Parses a Content-Type value. Returns null when it is not a valid media type, or when a parameter
 * appears twice (an ambiguity that is refused rather than guessed at).
 */
export function parseContentType(value: string): MediaType | null {
  let i = 0;
  const n = value.length;
  const skipOws = (): void => {
    while (i < n && OWS.test(value.charAt(i))) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && TOKEN_CHAR.test(value.charAt(i))) i++;
    return value.slice(start, i);
  };

  skipOws();
  const type = readToken();
  if (type === '' || value.charAt(i) !== '/') return null;
  i++;
  const subtype = readToken();
  if (subtype === '') return null;
  const parameters = new Map<string, string>();
  for (;;) {
    skipOws();
    if (i >= n) break;
    if (value.charAt(i) !== ';') return null;
    i++;
    skipOws();
    if (i >= n || value.charAt(i) === ';') continue; // empty parameter, allowed by the grammar
    const name = readToken().toLowerCase();
    if (name === '' || value.charAt(i) !== '=') return null;
    i++;
    let parameterValue: string;
    if (value.charAt(i) === '"') {
      i++;
      parameterValue = '';
      for (;;) {
        if (i >= n) return null; // unterminated quoted-string
        const c = value.charAt(i);
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\') {
          if (i + 1 >= n) return null;
          parameterValue += value.charAt(i + 1);
          i += 2;
          continue;
        }
        const code = c.charCodeAt(0);
        if ((code < 0x20 && c !== '\t') || code === 0x7f) return null;
        parameterValue += c;
        i++;
      }
    } else {
      parameterValue = readToken();
      if (parameterValue === '') return null;
    }
    if (parameters.has(name)) return null;
    parameters.set(name, parameterValue);
  }
  const lowerType = type.toLowerCase();
  const lowerSubtype = subtype.toLowerCase();
  return { type: lowerType, subtype: lowerSubtype, essence: `${lowerType}/${lowerSubtype}`, parameters };
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
