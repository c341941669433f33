import { describe, expect, it } from 'vitest';
import {
  codesOf,
  EXISTING_KEY_REQUEST,
  findingsOf,
  KCP_RESPONSE,
  mutate,
  POLL_REQUEST,
  RESPONSE,
} from '../test-support.ts';

const withGlobalKeyId = (id: string): string => mutate(EXISTING_KEY_REQUEST(), '10514-2-16777215', id);

describe('identifier rules', () => {
  it('accepts canonical IDs up to 2^64-1 and the new-key sentinel in a request', () => {
    expect(codesOf(withGlobalKeyId('18446744073709551615-18446744073709551615-1'))).toEqual([]);
    expect(codesOf(withGlobalKeyId('10514-0-0'))).toEqual([]);
  });

  it('reports parts above 2^64-1 (SKSML-MSG-5) and overlong parts', () => {
    expect(findingsOf(withGlobalKeyId('18446744073709551616-1-1'))[0]).toMatchObject({
      code: 'SEM_ID_OUT_OF_RANGE',
      requirement: 'SKSML-MSG-5',
    });
    expect(codesOf(withGlobalKeyId('1-1-123456789012345678901'))).toEqual(['SEM_ID_OUT_OF_RANGE']);
  });

  it('reports leading zeros (SKSML-MSG-101) with the canonical spelling', () => {
    const f = findingsOf(withGlobalKeyId('010514-2-007'));
    expect(f.map((x) => x.code)).toEqual(['SEM_ID_LEADING_ZERO']);
    expect(f[0]?.message).toContain("'10514-2-7'");
    expect(codesOf(withGlobalKeyId('10514-00-0'))).toEqual(['SEM_ID_LEADING_ZERO']);
  });

  it('reports half-zero IDs and DomainID 0 (SKSML-MSG-105)', () => {
    expect(codesOf(withGlobalKeyId('10514-0-5'))).toEqual(['SEM_ID_HALF_ZERO']);
    expect(codesOf(withGlobalKeyId('10514-5-0'))).toEqual(['SEM_ID_HALF_ZERO']);
    expect(codesOf(withGlobalKeyId('0-0-0'))).toEqual(['SEM_ID_DOMAIN_ZERO']);
    const wip = mutate(
      RESPONSE(),
      '<ekmi:RequestedGlobalKeyID>10514-0-0',
      '<ekmi:RequestedGlobalKeyID>10514-0-9',
    );
    expect(codesOf(wip)).toEqual(['SEM_ID_HALF_ZERO']);
  });

  it('reports malformed IDs', () => {
    expect(findingsOf(withGlobalKeyId('10514-2'))[0]).toMatchObject({
      code: 'SEM_ID_MALFORMED',
      requirement: 'SKSML-MSG-5',
    });
    expect(codesOf(mutate(POLL_REQUEST(), '10514-2-4711', '10514-x-4711'))).toEqual(['SEM_ID_MALFORMED']);
    expect(codesOf(mutate(KCP_RESPONSE(), '10514-12', '10514-12-1'))).toEqual(['SEM_ID_MALFORMED']);
  });

  it('reports the new-key sentinel as a delivered key ID (SKSML-MSG-10) but not in errors', () => {
    const symkey = mutate(RESPONSE(), '<ekmi:GlobalKeyID>10514-2-16777216', '<ekmi:GlobalKeyID>77-0-0');
    expect(findingsOf(symkey)[0]).toMatchObject({
      code: 'SEM_SENTINEL_IN_SYMKEY',
      requirement: 'SKSML-MSG-10',
    });
    const error = mutate(
      RESPONSE(),
      '<ekmi:RequestedGlobalKeyID>10514-9-42',
      '<ekmi:RequestedGlobalKeyID>10514-0-0',
    );
    expect(codesOf(error)).toEqual([]);
  });

  it('reports zero parts of request IDs (SKSML-MSG-116) and two-part IDs (SKSML-MSG-30)', () => {
    expect(findingsOf(mutate(POLL_REQUEST(), '10514-2-4711', '10514-2-0'))[0]).toMatchObject({
      code: 'SEM_ID_ZERO_PART',
      requirement: 'SKSML-MSG-116',
    });
    expect(findingsOf(mutate(KCP_RESPONSE(), '10514-12', '10514-0'))[0]).toMatchObject({
      code: 'SEM_ID_ZERO_PART',
      requirement: 'SKSML-MSG-30',
    });
    expect(findingsOf(mutate(RESPONSE(), '10514-31', '10514-18446744073709551616'))[0]).toMatchObject({
      code: 'SEM_ID_OUT_OF_RANGE',
      requirement: 'SKSML-MSG-115',
    });
  });
});
