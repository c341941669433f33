import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isToken, parseContentType, parseQuotedString } from './content-type.ts';
import { referenceParseContentType } from './test-support/content-type-reference.ts';

describe('parseContentType', () => {
  it.each<[string, string, Record<string, string>]>([
    ['application/soap+xml', 'application/soap+xml', {}],
    ['Application/SOAP+XML; Charset=UTF-8', 'application/soap+xml', { charset: 'UTF-8' }],
    [
      'application/soap+xml;charset=utf-8;action="urn:a"',
      'application/soap+xml',
      { charset: 'utf-8', action: 'urn:a' },
    ],
    ['  text/xml ;  charset = ', '', {}],
    ['text/xml ; charset=utf-8 ', 'text/xml', { charset: 'utf-8' }],
    ['text/xml;;charset=utf-8;', 'text/xml', { charset: 'utf-8' }],
    ['text/xml; a="x;y=z"', 'text/xml', { a: 'x;y=z' }],
    ['text/xml; a="q\\"uo\\\\te"', 'text/xml', { a: 'q"uo\\te' }],
    ['text/xml; a=""', 'text/xml', { a: '' }],
    ['text/xml; ACTION="http://e/x?y=1"', 'text/xml', { action: 'http://e/x?y=1' }],
  ])('parses %j', (input, essence, parameters) => {
    const parsed = parseContentType(input);
    if (essence === '') {
      expect(parsed).toBeNull();
      return;
    }
    expect(parsed).not.toBeNull();
    expect(parsed!.essence).toBe(essence);
    expect(Object.fromEntries(parsed!.parameters)).toEqual(parameters);
  });

  it.each([
    '',
    'text',
    'text/',
    '/xml',
    'text /xml',
    'text/xml charset=utf-8',
    'text/xml; charset',
    'text/xml; charset=',
    'text/xml; charset="utf-8',
    'text/xml; a="x\\',
    'text/xml; charset=utf-8; charset=utf-16',
    'text/xml; Charset=utf-8; charset=utf-8',
    'text/xml; a=b c',
    'text/xml; a="\u0001"',
    'text/xml; a=é',
    'text/xml, application/xml',
  ])('rejects %j', (input) => {
    expect(parseContentType(input)).toBeNull();
  });

  it('reads back what a well-behaved writer wrote', () => {
    const token = fc.stringMatching(/^[a-zA-Z0-9!#$&^_.+-]{1,12}$/);
    const value = fc
      .string({ maxLength: 20 })
      .filter((s) => [...s].every((ch) => ch === '\t' || (ch >= ' ' && ch !== '\u007f')));
    fc.assert(
      fc.property(
        token,
        token,
        fc.uniqueArray(fc.tuple(token, value), { maxLength: 5, selector: ([k]) => k.toLowerCase() }),
        (t, s, params) => {
          const text =
            `${t}/${s}` + params.map(([k, v]) => `; ${k}="${v.replace(/["\\]/g, '\\$&')}"`).join('');
          const parsed = parseContentType(text);
          expect(parsed).not.toBeNull();
          expect(parsed!.essence).toBe(`${t}/${s}`.toLowerCase());
          expect([...parsed!.parameters]).toEqual(params.map(([k, v]) => [k.toLowerCase(), v]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const parsed = parseContentType(s);
        if (parsed !== null) expect(isToken(parsed.type) && isToken(parsed.subtype)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseContentType against the previous parser', () => {
  // The same result (null, or the same type, subtype and parameters in the same order) as the
  // character-by-character parser it replaced, on media-type-like text and on arbitrary text.
  const same = (input: string): void => {
    const expected = referenceParseContentType(input);
    const actual = parseContentType(input);
    if (expected === null) {
      expect(actual).toBeNull();
      return;
    }
    expect(actual).not.toBeNull();
    expect({ ...actual!, parameters: [...actual!.parameters] }).toEqual({
      ...expected,
      parameters: [...expected.parameters],
    });
  };
  const pieces = fc.constantFrom(
    'application',
    'SOAP+XML',
    'text',
    '/',
    ';',
    '=',
    '"',
    '\\',
    ' ',
    '\t',
    'charset',
    'utf-8',
    'action',
    'urn:a',
    'http://e/x?y=1',
    '\u0001',
    '\u007f',
    '\u00e9',
    '\ud83d',
    '\ude00',
    '(',
    '',
  );
  it('agrees on text built from media-type pieces', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }), (parts) => same(parts.join(''))),
      { numRuns: 3000 },
    );
  });
  it('agrees on valid media types with quoted and token parameters', () => {
    const token = fc.stringMatching(/^[a-zA-Z0-9!#$&^_.+`|~*'%-]{1,10}$/);
    const quotedChar = fc.oneof(
      fc.constantFrom('a', 'Z', ' ', '\t', ';', '=', '/', '\u0000', '\u001f', '\u007f', '\u0080', '\ud83d'),
      fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
    );
    const quoted = fc
      .array(quotedChar, { maxLength: 20 })
      .map((cs) => cs.join(''))
      .map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
    fc.assert(
      fc.property(
        token,
        token,
        fc.array(fc.tuple(token, fc.oneof(token, quoted), fc.constantFrom(';', ' ; ', ';\t', ';;')), {
          maxLength: 4,
        }),
        (type, subtype, params) =>
          same(`${type}/${subtype}${params.map(([k, v, sep]) => `${sep}${k}=${v}`).join('')}`),
      ),
      { numRuns: 2000 },
    );
  });
  it('agrees on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'binary' }), same), { numRuns: 2000 });
  });
});

describe('parseQuotedString', () => {
  it.each<[string, string | null]>([
    ['"urn:a"', 'urn:a'],
    ['  "urn:a"\t', 'urn:a'],
    ['""', ''],
    ['"a\\"b"', 'a"b'],
    ['urn:a', null],
    ['"urn:a', null],
    ['urn:a"', null],
    ['"a"b"', null],
    ['"a" "b"', null],
    ['"a\\"', null],
    ['"', null],
    ['', null],
  ])('%j -> %j', (input, expected) => {
    expect(parseQuotedString(input)).toBe(expected);
  });
});
