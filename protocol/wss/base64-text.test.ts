import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANONICAL_BASE64, isCanonicalBase64 } from './base64-text.ts';
import { isIdLikeAttribute } from './document-index.ts';

const base64Chars = fc.constantFrom(...'AZaz09+/=Qw= \n\u00e9\u0130-_.'.split(''));

describe('isCanonicalBase64', () => {
  it('agrees with the regex on near-base64 strings and on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.array(base64Chars, { maxLength: 14 }), (chars) => {
        const s = chars.join('');
        expect(isCanonicalBase64(s)).toBe(CANONICAL_BASE64.test(s));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (s) => {
        expect(isCanonicalBase64(s)).toBe(CANONICAL_BASE64.test(s));
      }),
      { numRuns: 2000 },
    );
    for (const s of ['', 'QQ==', 'QUI=', 'QUJD', 'Q===', '=QQ=', 'QQ=A', 'QUJDQQ==', 'QUJD=', 'QU', 'QUJ'])
      expect(isCanonicalBase64(s)).toBe(CANONICAL_BASE64.test(s));
  });
});

describe('isIdLikeAttribute', () => {
  const attribute = (localName: string) => ({
    name: localName,
    prefix: null,
    localName,
    namespaceURI: null,
    value: 'v',
    position: { line: 1, column: 1, offset: 0 },
  });
  it('is localName.toLowerCase() === "id"', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 3 }),
          fc
            .array(fc.constantFrom('i', 'I', 'd', 'D', '\u0130', '\u0131', 'x'), { maxLength: 3 })
            .map((a) => a.join('')),
        ),
        (name) => {
          expect(isIdLikeAttribute(attribute(name))).toBe(name.toLowerCase() === 'id');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
