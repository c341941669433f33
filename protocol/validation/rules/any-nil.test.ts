import { describe, expect, it } from 'vitest';
import { codesOf, findingsOf, mutate, RESPONSE } from '../test-support.ts';

const UNRESTRICTED_DAYS = '<ekmi:PermittedDays ekmi:any="true" xsi:nil="true"/>';

describe('any/nil model of Permitted elements (SKSML-MSG-20..23)', () => {
  it('accepts any="true" with xsi:nil and any="false" with content', () => {
    expect(codesOf(RESPONSE())).toEqual([]);
  });

  it('reports any="true" without xsi:nil', () => {
    const f = findingsOf(mutate(RESPONSE(), UNRESTRICTED_DAYS, '<ekmi:PermittedDays ekmi:any="true"/>'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      code: 'SEM_ANY_TRUE_NOT_NIL',
      requirement: 'SKSML-MSG-21',
      severity: 'error',
      path: '/SymkeyResponse/Symkey[2]/KeyUsePolicy/Permissions/PermittedDays',
    });
  });

  it('reports any="true" with xsi:nil="false"', () => {
    const xml = mutate(
      RESPONSE(),
      UNRESTRICTED_DAYS,
      '<ekmi:PermittedDays ekmi:any="true" xsi:nil="false"/>',
    );
    expect(codesOf(xml)).toEqual(['SEM_ANY_TRUE_NOT_NIL']);
  });

  it('accepts xsi:nil="1" as true', () => {
    expect(
      codesOf(mutate(RESPONSE(), UNRESTRICTED_DAYS, '<ekmi:PermittedDays ekmi:any="true" xsi:nil="1"/>')),
    ).toEqual([]);
  });

  it('reports item children and other content under any="true"', () => {
    const items = mutate(
      RESPONSE(),
      UNRESTRICTED_DAYS,
      '<ekmi:PermittedDays ekmi:any="true" xsi:nil="true"><ekmi:PermittedDay>Monday</ekmi:PermittedDay></ekmi:PermittedDays>',
    );
    expect(codesOf(items)).toEqual(['SEM_ANY_TRUE_HAS_ITEMS']);
    const value = mutate(
      RESPONSE(),
      '<ekmi:PermittedDuration ekmi:any="true" xsi:nil="true"/>',
      '<ekmi:PermittedDuration ekmi:any="true" xsi:nil="true">60</ekmi:PermittedDuration>',
    );
    expect(codesOf(value)).toContain('SEM_ANY_TRUE_HAS_CONTENT');
  });

  it('reports any="false" with xsi:nil and any="false" without content', () => {
    const nil = mutate(
      RESPONSE(),
      '<ekmi:PermittedDays ekmi:any="false">',
      '<ekmi:PermittedDays ekmi:any="false" xsi:nil="true">',
    );
    expect(codesOf(nil)).toEqual(['SEM_ANY_FALSE_NIL']);
    const empty = mutate(RESPONSE(), UNRESTRICTED_DAYS, '<ekmi:PermittedDays ekmi:any="false"/>');
    expect(findingsOf(empty)[0]).toMatchObject({ code: 'SEM_ANY_FALSE_EMPTY', requirement: 'SKSML-MSG-22' });
    const emptyValue = mutate(
      RESPONSE(),
      '<ekmi:PermittedDuration ekmi:any="false">2592000</ekmi:PermittedDuration>',
      '<ekmi:PermittedDuration ekmi:any="false"> </ekmi:PermittedDuration>',
    );
    expect(codesOf(emptyValue)).toEqual(['SEM_ANY_FALSE_EMPTY']);
  });

  it('reports a missing, unprefixed or misspelt any attribute', () => {
    const missing = findingsOf(mutate(RESPONSE(), UNRESTRICTED_DAYS, '<ekmi:PermittedDays xsi:nil="true"/>'));
    expect(missing.map((f) => [f.code, f.requirement])).toEqual([['SEM_ANY_MISSING', 'SKSML-MSG-20']]);
    const bare = findingsOf(
      mutate(RESPONSE(), UNRESTRICTED_DAYS, '<ekmi:PermittedDays any="true" xsi:nil="true"/>'),
    );
    expect(bare[0]?.code).toBe('SEM_ANY_MISSING');
    expect(bare[0]?.message).toContain('unprefixed');
    const odd = mutate(RESPONSE(), UNRESTRICTED_DAYS, '<ekmi:PermittedDays ekmi:any="yes" xsi:nil="true"/>');
    expect(codesOf(odd)).toEqual(['SEM_ANY_INVALID']);
  });
});
