import { describe, expect, it } from 'vitest';
import { codesOf, findingsOf, mutate, RESPONSE } from '../test-support.ts';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';
const kup = (algorithm: string, size: string): string =>
  mutate(
    mutate(RESPONSE(), `${XMLENC}aes128-cbc`, `${XMLENC}${algorithm}`),
    '<ekmi:KeySize>128</ekmi:KeySize>',
    `<ekmi:KeySize>${size}</ekmi:KeySize>`,
  );

describe('KeyAlgorithm and KeySize (SKSML-MSG-103)', () => {
  it.each([
    ['aes128-cbc', '128'],
    ['aes192-cbc', '192'],
    ['aes256-cbc', '256'],
    ['tripledes-cbc', '192'],
  ])('accepts %s with %s bits', (alg, size) => {
    expect(codesOf(kup(alg, size))).toEqual([]);
  });
  it.each([
    ['aes128-cbc', '256'],
    ['aes256-cbc', '128'],
    ['tripledes-cbc', '128'],
    ['aes192-cbc', '256'],
  ])('reports %s with %s bits', (alg, size) => {
    expect(findingsOf(kup(alg, size))[0]).toMatchObject({
      code: 'SEM_KEY_SIZE_MISMATCH',
      requirement: 'SKSML-MSG-103',
    });
  });
});

describe('application digests (SKSML-MSG-109, -28)', () => {
  const digest = (value: string): string =>
    mutate(RESPONSE(), 'j/8fAirkns68O2r/6AV5Hi6T/fihiunj9CQZXu14EzY=', value);
  it('reports a digest of the wrong length and a non-base64 digest', () => {
    expect(codesOf(digest('2jmj7l5rSw0yVb/vlWAYkK/YBwk='))).toEqual(['SEM_DIGEST_LENGTH']);
    expect(codesOf(digest('not base64!'))).toEqual(['SEM_DIGEST_NOT_BASE64']);
  });
  it('accepts a sha1 digest of 20 bytes and reports a lone DigestValue', () => {
    const sha1 = mutate(
      digest('2jmj7l5rSw0yVb/vlWAYkK/YBwk='),
      `${XMLENC}sha256`,
      'http://www.w3.org/2000/09/xmldsig#sha1',
    );
    expect(codesOf(sha1)).toEqual([]);
    const lone = mutate(RESPONSE(), /<ekmi:DigestAlgorithm>[^<]*<\/ekmi:DigestAlgorithm>/, '');
    expect(codesOf(lone)).toEqual(['SEM_DIGEST_UNPAIRED']);
  });
});

describe('coordinates (SKSML-MSG-110)', () => {
  it('accepts the extremes and reports values beyond them', () => {
    const at = (lat: string, lon: string): string =>
      mutate(mutate(RESPONSE(), '52.5200066', lat), '13.4049540', lon);
    expect(codesOf(at('-90', '180.0000000'))).toEqual([]);
    expect(codesOf(at('90.0000001', '0'))).toEqual(['SEM_COORDINATE_RANGE']);
    expect(codesOf(at('0', '-180.5'))).toEqual(['SEM_COORDINATE_RANGE']);
    expect(codesOf(at('north', '0'))).toEqual(['SEM_COORDINATE_MALFORMED']);
  });
});

describe('whole-number ranges (SKSML-MSG-26, -14)', () => {
  it('accepts 2^64-1 and reports 2^64, 0 and non-numbers', () => {
    const duration = (v: string): string => mutate(RESPONSE(), '>2592000<', `>${v}<`);
    expect(codesOf(duration('18446744073709551615'))).toEqual([]);
    expect(findingsOf(duration('18446744073709551616'))[0]).toMatchObject({
      code: 'SEM_VALUE_OUT_OF_RANGE',
      requirement: 'SKSML-MSG-26',
    });
    expect(codesOf(duration('0'))).toEqual(['SEM_VALUE_OUT_OF_RANGE']);
    expect(codesOf(duration('1.5'))).toEqual(['SEM_VALUE_NOT_INTEGER']);
    const interval = mutate(RESPONSE(), '<ekmi:RequestCheckInterval>300', '<ekmi:RequestCheckInterval>59');
    expect(findingsOf(interval)[0]).toMatchObject({
      code: 'SEM_VALUE_OUT_OF_RANGE',
      requirement: 'SKSML-MSG-14',
    });
  });
});

describe('free text in policies (SKSML-MSG-113) and Status Other (SKSML-SRV-52)', () => {
  it('reports text between policy children and in PermittedUses', () => {
    const kupText = mutate(
      RESPONSE(),
      '<ekmi:Status>Active</ekmi:Status>',
      '<ekmi:Status>Active</ekmi:Status>note',
    );
    expect(findingsOf(kupText)[0]).toMatchObject({
      code: 'SEM_MIXED_TEXT',
      path: '/SymkeyResponse/Symkey[1]/KeyUsePolicy',
    });
    const usesText = mutate(RESPONSE(), '</ekmi:PermittedUse>', '</ekmi:PermittedUse> and more');
    expect(codesOf(usesText)).toEqual(['SEM_MIXED_TEXT']);
  });
  it('warns on Status Other', () => {
    const other = mutate(RESPONSE(), '<ekmi:Status>Active</ekmi:Status>', '<ekmi:Status>Other</ekmi:Status>');
    expect(findingsOf(other)[0]).toMatchObject({ code: 'SEM_STATUS_OTHER', severity: 'warning' });
  });
});
