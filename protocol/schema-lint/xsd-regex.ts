/**
 * Translates an XML Schema regular expression (XSD 1.0 Part 2, Appendix F) into a JavaScript
 * RegExp with the same meaning for the constructs SKSML-style schemas use. XSD expressions are
 * implicitly anchored, have no `^`/`$` anchors (both are ordinary characters) and no lazy or
 * back-reference syntax. Constructs this translator does not model (character-class subtraction,
 * Unicode block escapes `\p{IsX}`) make it return null, so callers skip the probe rather than
 * guess.
 */

const SINGLE_CHAR_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '|': '|',
  '.': '.',
  '?': '?',
  '*': '*',
  '+': '+',
  '(': '(',
  ')': ')',
  '{': '{',
  '}': '}',
  '-': '-',
  '[': '[',
  ']': ']',
  '^': '^',
};

/** XML NameStartChar / NameChar, approximated with Unicode properties (good enough for probes). */
const NAME_START =
  'A-Za-z_:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;

const MULTI_CHAR_ESCAPES: Record<string, { inClass: string; outside: string }> = {
  d: { inClass: '\\p{Nd}', outside: '\\p{Nd}' },
  D: { inClass: '\\P{Nd}', outside: '\\P{Nd}' },
  s: { inClass: ' \\t\\n\\r', outside: '[ \\t\\n\\r]' },
  S: { inClass: '', outside: '[^ \\t\\n\\r]' },
  w: { inClass: '', outside: '[^\\p{P}\\p{Z}\\p{C}]' },
  W: { inClass: '\\p{P}\\p{Z}\\p{C}', outside: '[\\p{P}\\p{Z}\\p{C}]' },
  i: { inClass: NAME_START, outside: `[${NAME_START}]` },
  I: { inClass: '', outside: `[^${NAME_START}]` },
  c: { inClass: NAME_CHAR, outside: `[${NAME_CHAR}]` },
  C: { inClass: '', outside: `[^${NAME_CHAR}]` },
};

function literal(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  return `\\u{${cp.toString(16)}}`;
}

/** Returns the JavaScript source for the XSD expression, or null if it uses an unsupported construct. */
export function translateXsdPattern(pattern: string): string | null {
  let out = '';
  let inClass = false;
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '\\') {
      const n = chars[++i];
      if (n === undefined) return null;
      if (n in SINGLE_CHAR_ESCAPES) {
        out += literal(SINGLE_CHAR_ESCAPES[n] as string);
        continue;
      }
      const multi = MULTI_CHAR_ESCAPES[n];
      if (multi) {
        const piece = inClass ? multi.inClass : multi.outside;
        if (piece === '') return null; // a negated escape inside a class cannot be expressed simply
        out += piece;
        continue;
      }
      if (n === 'p' || n === 'P') {
        if (chars[i + 1] !== '{') return null;
        const close = chars.indexOf('}', i + 2);
        if (close < 0) return null;
        const name = chars.slice(i + 2, close).join('');
        if (name.startsWith('Is')) return null; // Unicode blocks: not in JavaScript
        out += `\\${n}{${name}}`;
        i = close;
        continue;
      }
      return null;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        out += ']';
      } else if (c === '-' && chars[i + 1] === '[') {
        return null; // character-class subtraction
      } else if (c === '-') {
        out += '-';
      } else if (c === '^' && chars[i - 1] === '[') {
        out += '^';
      } else out += literal(c);
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        out += '[';
        break;
      case '.':
        out += '[^\\n\\r]';
        break;
      case '^':
      case '$':
        out += literal(c);
        break;
      case '(':
        out += '(?:';
        break;
      default:
        out += c;
    }
  }
  if (inClass) return null;
  return out;
}

/** Compiles an XSD pattern to an anchored RegExp, or null when it cannot be translated. */
export function compileXsdPattern(pattern: string): RegExp | null {
  const source = translateXsdPattern(pattern);
  if (source === null) return null;
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return null;
  }
}
