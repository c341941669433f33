import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeAttribute, escapeText } from './escape.ts';

// Reference definitions of the Canonical XML escaping rules, written independently of escape.ts.
const TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const byChar = (table: Record<string, string>) => (s: string) => [...s].map((c) => table[c] ?? c).join('');

describe('XML escaping', () => {
  it('escapes text and attribute specials as Canonical XML does', () => {
    expect(escapeText('a&b<c>d\re"f\tg\nh')).toBe('a&amp;b&lt;c&gt;d&#xD;e"f\tg\nh');
    expect(escapeAttribute('a&b<c>d\re"f\tg\nh')).toBe('a&amp;b&lt;c>d&#xD;e&quot;f&#x9;g&#xA;h');
    expect(escapeText('plain')).toBe('plain');
  });

  it('agrees with a per-character reference on arbitrary strings', () => {
    const special = fc.constantFrom('&', '<', '>', '"', '\t', '\n', '\r', 'a', 'é', '𝄞');
    const str = fc.oneof(
      fc.string(),
      fc.array(special).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(str, (s) => {
        expect(escapeText(s)).toBe(byChar(TEXT)(s));
        expect(escapeAttribute(s)).toBe(byChar(ATTR)(s));
      }),
    );
  });
});
