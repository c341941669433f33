import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidIdentifierError,
  MAX_ID_PART,
  formatGlobalKeyID,
  formatSymkeyRequestID,
  formatTwoPartID,
  isNewKeyRequest,
  newKeyGlobalKeyID,
  parseGlobalKeyID,
  parseSymkeyRequestID,
  parseTwoPartID,
  sameGlobalKeyID,
} from './identifiers.ts';
import {
  arbitraryRequestedGlobalKeyID,
  arbitrarySymkeyRequestID,
  arbitraryTwoPartID,
} from '../testkit/arbitraries/primitives.ts';

describe('GlobalKeyID', () => {
  it('parses the documented examples', () => {
    expect(parseGlobalKeyID('10514-2-16777215')).toEqual({
      domainId: 10514n,
      serverId: 2n,
      keyId: 16777215n,
    });
    expect(parseGlobalKeyID('22408-13-4294967295').keyId).toBe(4294967295n);
  });

  it('accepts the largest parts and refuses one more', () => {
    const max = `${MAX_ID_PART}-${MAX_ID_PART}-${MAX_ID_PART}`;
    expect(formatGlobalKeyID(parseGlobalKeyID(max))).toBe(max);
    expect(max.length).toBe(62);
    expect(() => parseGlobalKeyID(`1-1-${MAX_ID_PART + 1n}`)).toThrow(/exceeds/);
    expect(() => parseGlobalKeyID('1-1-99999999999999999999')).toThrow(InvalidIdentifierError);
  });

  it.each([
    ['010514-1-2', /leading zero/],
    ['10514-01-2', /leading zero/],
    ['10514-1', /3 hyphen-separated parts/],
    ['10514-1-2-3', /3 hyphen-separated parts/],
    ['10514--2', /not a decimal/],
    ['10514-+1-2', /not a decimal/],
    ['10514-1-123456789012345678901', /more than 20 digits/],
    [' 10514-1-2', /not a decimal/],
  ])('refuses %j', (text, reason) => {
    expect(() => parseGlobalKeyID(text)).toThrow(reason);
  });

  it('recognises the new-key sentinel for any DomainID, and only with both zeros', () => {
    expect(isNewKeyRequest(parseGlobalKeyID('10514-0-0'))).toBe(true);
    expect(isNewKeyRequest(parseGlobalKeyID('42-0-0'))).toBe(true);
    expect(isNewKeyRequest(parseGlobalKeyID('10514-0-5'))).toBe(false);
    expect(isNewKeyRequest(parseGlobalKeyID('10514-5-0'))).toBe(false);
    expect(isNewKeyRequest(parseGlobalKeyID('10514-1-1'))).toBe(false);
    expect(sameGlobalKeyID(newKeyGlobalKeyID(7n), parseGlobalKeyID('7-0-0'))).toBe(true);
  });

  it('round-trips every valid value (property)', () => {
    fc.assert(
      fc.property(arbitraryRequestedGlobalKeyID(), (id) => {
        expect(parseGlobalKeyID(formatGlobalKeyID(id))).toEqual(id);
      }),
    );
  });

  it('refuses to format out-of-range parts', () => {
    expect(() => formatGlobalKeyID({ domainId: -1n, serverId: 0n, keyId: 0n })).toThrow(/out of range/);
    expect(() => formatGlobalKeyID({ domainId: 1n, serverId: MAX_ID_PART + 1n, keyId: 0n })).toThrow(
      /out of range/,
    );
  });
});

describe('SymkeyRequestID', () => {
  it('refuses zero parts (SKSML-MSG-6)', () => {
    expect(() => parseSymkeyRequestID('10514-0-0')).toThrow(/must not be zero/);
    expect(() => parseSymkeyRequestID('10514-1-0')).toThrow(/must not be zero/);
    expect(() => formatSymkeyRequestID({ domainId: 1n, serverId: 1n, requestId: 0n })).toThrow(
      /out of range/,
    );
    expect(parseSymkeyRequestID('10514-1-7').requestId).toBe(7n);
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(arbitrarySymkeyRequestID(), (id) => {
        expect(parseSymkeyRequestID(formatSymkeyRequestID(id))).toEqual(id);
      }),
    );
  });
});

describe('TwoPartID', () => {
  it('accepts 1..2^64-1 without leading zeros (SKSML-MSG-30)', () => {
    expect(parseTwoPartID('10514-1')).toEqual({ domainId: 10514n, localId: 1n });
    expect(() => parseTwoPartID('10514-0')).toThrow(/zero/);
    expect(() => parseTwoPartID('0-5')).toThrow(/zero/);
    expect(() => parseTwoPartID('10514-05')).toThrow(/leading zero/);
    expect(() => parseTwoPartID('10514-1-1')).toThrow(/2 hyphen-separated parts/);
    expect(() => parseTwoPartID(`1-${MAX_ID_PART + 1n}`)).toThrow(/exceeds/);
  });

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(arbitraryTwoPartID(), (id) => {
        expect(parseTwoPartID(formatTwoPartID(id))).toEqual(id);
      }),
    );
  });
});
