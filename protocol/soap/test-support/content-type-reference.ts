/**
 * The previous parseContentType (character by character through regular expressions), kept
 * unchanged as the oracle of the property test of the current one (content-type.test.ts).
 */
import type { MediaType } from '../content-type.ts';

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const OWS = /[ \t]/;

export function referenceParseContentType(value: string): MediaType | null {
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
