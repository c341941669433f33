import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isToken, parseContentType, parseQuotedString } from './content-type.ts';

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
