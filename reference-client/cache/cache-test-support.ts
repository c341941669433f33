/** Shared fixtures of the key cache tests (not a test file). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import { buildKeyCachePolicy, buildKeyUsePolicy } from '../../protocol/testkit/builders.ts';
import { createTestPki, type PkiCredential } from '../../protocol/testkit/pki.ts';
import { deriveCacheKeys } from './cache-keys.ts';
import type { CacheTamperReason, KeyCacheInput } from './cache-types.ts';
import { openEntry } from './entry-codec.ts';
import { decodePayload } from './entry-payload.ts';
import { peekIndexHeader } from './index-codec.ts';
import type { MemoryKeyCacheStore } from './memory-key-cache-store.ts';

export const T0 = Date.parse('2025-03-01T12:00:00Z');

export interface ManualClock {
  (): Date;
  set(ms: number): void;
  advance(seconds: number): void;
  readonly ms: number;
}

export function manualClock(start = T0): ManualClock {
  let now = start;
  const clock = (() => new Date(now)) as ManualClock;
  clock.set = (ms) => {
    now = ms;
  };
  clock.advance = (seconds) => {
    now += seconds * 1000;
  };
  Object.defineProperty(clock, 'ms', { get: () => now });
  return clock;
}

export function clientCredentials(index = 0): PkiCredential {
  const credential = createTestPki({ clients: 2 }).clients[index];
  if (credential === undefined) throw new Error('no such test client');
  return credential;
}

export function keyUsePolicy(keyClass = 'DEFAULT'): KeyUsePolicy {
  return buildKeyUsePolicy({ keyClass });
}

/** A fresh AES-256 key entry for class `keyClass`. */
export function keyEntry(
  keyId: number,
  keyClass = 'DEFAULT',
  extra: Partial<KeyCacheInput> = {},
): KeyCacheInput {
  return {
    globalKeyId: `10514-1-${keyId}`,
    keyUsePolicy: keyUsePolicy(keyClass),
    key: randomBytes(32),
    ...extra,
  };
}

/** A policy in force from 2024 for `keyClass`. */
export function cachePolicy(options: Parameters<typeof buildKeyCachePolicy>[0] = {}): KeyCachePolicy {
  return buildKeyCachePolicy(options);
}

export interface TamperLog {
  readonly events: { globalKeyId: string; reason: CacheTamperReason }[];
  readonly handler: (globalKeyId: string, reason: CacheTamperReason) => void;
}

export function tamperLog(): TamperLog {
  const events: TamperLog['events'] = [];
  return { events, handler: (globalKeyId, reason) => events.push({ globalKeyId, reason }) };
}

export interface TempDir {
  readonly path: string;
  remove(): void;
}

export function tempDir(): TempDir {
  const path = mkdtempSync(join(tmpdir(), 'sksml-cache-'));
  return { path: join(path, 'cache'), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** What is at rest, decoded with the client's keys (white-box view for invariants; no purging). */
export function inspectStore(
  store: MemoryKeyCacheStore,
  credentials: PkiCredential,
): { globalKeyId: string; keyClass: string; kind: 'new' | 'used'; cachedAt: number }[] {
  if (store.index === undefined) return [];
  const header = peekIndexHeader(store.index);
  if (header === undefined) throw new Error('no index');
  const keys = deriveCacheKeys(credentials, header.cacheId);
  const out = [];
  for (const [id, blob] of store.blobs) {
    const opened = openEntry(keys, header.cacheId, id, blob);
    if (!opened.ok) throw new Error(`entry ${id} does not open: ${opened.reason}`);
    const payload = decodePayload(opened.payload);
    if (payload === undefined) throw new Error(`entry ${id} does not decode`);
    out.push({ globalKeyId: id, keyClass: payload.keyClass, kind: payload.kind, cachedAt: payload.cachedAt });
  }
  return out;
}
