import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CacheKeys } from './cache-keys.ts';
import { openEntry, sealEntry } from './entry-codec.ts';
import { decodePayload, encodePayload, serializeKeyUsePolicyXml } from './entry-payload.ts';
import { keyUsePolicy } from './cache-test-support.ts';

function keys(): CacheKeys {
  return { encryptionKey: randomBytes(32), macKey: randomBytes(32), keyFingerprint: randomBytes(32) };
}

const cacheId = randomBytes(16);

describe('entry codec', () => {
  it('opens what it sealed, with the version', () => {
    const k = keys();
    const payload = randomBytes(100);
    const opened = openEntry(k, cacheId, '10514-1-1', sealEntry(k, cacheId, '10514-1-1', 42n, payload));
    expect(opened).toEqual({ ok: true, version: 42n, payload });
  });

  it('refuses under another cache id even with the same keys (AAD binds the cache)', () => {
    const k = keys();
    const sealed = sealEntry(k, cacheId, '10514-1-1', 1n, randomBytes(10));
    expect(openEntry(k, randomBytes(16), '10514-1-1', sealed)).toEqual({
      ok: false,
      reason: 'decrypt-failed',
    });
  });

  it('with the MAC key but not the encryption key, GCM still refuses', () => {
    const k = keys();
    const sealed = sealEntry(k, cacheId, '10514-1-1', 1n, randomBytes(10));
    const other = { ...k, encryptionKey: randomBytes(32) };
    expect(openEntry(other, cacheId, '10514-1-1', sealed)).toEqual({ ok: false, reason: 'decrypt-failed' });
  });

  it('a re-MACed entry with a bad magic is malformed', () => {
    const k = keys();
    const sealed = Buffer.from(sealEntry(k, cacheId, '10514-1-1', 1n, randomBytes(10)));
    sealed[0] = 0x58;
    const body = sealed.subarray(0, sealed.length - 32);
    createHmac('sha256', k.macKey)
      .update(body)
      .digest()
      .copy(sealed, sealed.length - 32);
    expect(openEntry(k, cacheId, '10514-1-1', sealed)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('names the GlobalKeyID it was sealed for', () => {
    const k = keys();
    const sealed = sealEntry(k, cacheId, '10514-1-1', 1n, randomBytes(10));
    expect(openEntry(k, cacheId, '10514-1-2', sealed)).toEqual({ ok: false, reason: 'id-mismatch' });
  });
});

describe('entry payload', () => {
  it('round-trips key, metadata and KeyUsePolicy', () => {
    const policy = keyUsePolicy('C');
    const entry = {
      key: randomBytes(32),
      keyClass: 'C',
      kind: 'used' as const,
      cachedAt: 1_700_000_000_000,
      state: { firstUseAt: new Date(1_700_000_001_000), encryptionsPerformed: 18446744073709551615n },
      keyUsePolicy: policy,
    };
    expect(decodePayload(encodePayload(entry, serializeKeyUsePolicyXml(policy)))).toEqual(entry);
  });

  it('refuses a payload whose KeyUsePolicy names another class, or is not XML', () => {
    const policy = keyUsePolicy('C');
    const base = {
      key: randomBytes(32),
      kind: 'new' as const,
      cachedAt: 0,
      state: { encryptionsPerformed: 0n },
    };
    const xml = serializeKeyUsePolicyXml(policy);
    expect(
      decodePayload(encodePayload({ ...base, keyClass: 'D', keyUsePolicy: policy }, xml)),
    ).toBeUndefined();
    expect(
      decodePayload(encodePayload({ ...base, keyClass: 'C', keyUsePolicy: policy }, '<x')),
    ).toBeUndefined();
    expect(decodePayload(Buffer.from([2, 0, 1, 7]))).toBeUndefined();
    expect(decodePayload(Buffer.alloc(0))).toBeUndefined();
  });
});
