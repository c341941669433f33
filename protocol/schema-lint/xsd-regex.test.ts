import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileXsdPattern, translateXsdPattern } from './xsd-regex.ts';

describe('compileXsdPattern', () => {
  it('anchors the expression implicitly', () => {
    const re = compileXsdPattern('[0-9]{1,3}');
    expect(re?.test('123')).toBe(true);
    expect(re?.test('1234')).toBe(false);
    expect(re?.test('a12')).toBe(false);
  });

  it('treats ^ and $ as ordinary characters', () => {
    const re = compileXsdPattern('^a$');
    expect(re?.test('^a$')).toBe(true);
    expect(re?.test('a')).toBe(false);
  });

  it('understands escapes and groups', () => {
    expect(compileXsdPattern('\\d{4}-\\d{2}')?.test('2024-01')).toBe(true);
    expect(compileXsdPattern('a\\-b')?.test('a-b')).toBe(true);
    expect(compileXsdPattern('(ab|cd)+')?.test('abcdab')).toBe(true);
    expect(compileXsdPattern('(ab|cd)+')?.test('abc')).toBe(false);
    expect(compileXsdPattern('[\\-+]?[0-9]')?.test('-5')).toBe(true);
    expect(compileXsdPattern('.')?.test('\n')).toBe(false);
  });

  it('refuses constructs it does not model instead of guessing', () => {
    expect(translateXsdPattern('[a-z-[aeiou]]')).toBeNull();
    expect(translateXsdPattern('\\p{IsBasicLatin}+')).toBeNull();
    expect(translateXsdPattern('[abc')).toBeNull();
  });

  it('matches the SKSML two-part ID pattern exactly like a hand-written check', () => {
    const re = compileXsdPattern('[1-9][0-9]{0,19}-[1-9][0-9]{0,19}');
    const part = /^[1-9][0-9]{0,19}$/;
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,22}-?[0-9]{0,22}$/), (s) => {
        const [a, b, ...rest] = s.split('-');
        const expected =
          rest.length === 0 && a !== undefined && b !== undefined && part.test(a) && part.test(b);
        expect(re?.test(s)).toBe(expected);
      }),
      { seed: 11, numRuns: 500 },
    );
  });
});
