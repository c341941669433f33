/**
 * Opening a cache: read and verify the signed index, verify every entry against it, and repair
 * the store (drop what failed, re-sign the index). Every refusal is reported; nothing here throws
 * for damaged data, only for a store that cannot be read at all or unusable credentials.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  CACHE_ID_LENGTH,
  deriveCacheKeys,
  fingerprintCredentials,
  type CacheCredentials,
  type CacheKeys,
} from './cache-keys.ts';
import { slotFromPayload, type CacheSlot } from './cache-slot.ts';
import { WHOLE_CACHE, type CacheTamperReason } from './cache-types.ts';
import { openEntry } from './entry-codec.ts';
import { decodePayload } from './entry-payload.ts';
import { openIndex, peekIndexHeader, sealIndex, type IndexBody } from './index-codec.ts';
import type { KeyCacheStore } from './key-cache-store.ts';
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';

export type TamperReporter = (globalKeyId: string, reason: CacheTamperReason) => void;

export interface LoadedCache {
  readonly cacheId: Buffer;
  readonly keys: CacheKeys;
  readonly generation: bigint;
  readonly slots: Map<string, CacheSlot>;
  readonly policies: IndexBody['policies'];
  readonly usage: Map<string, KeyUseState>;
}

/** Reads one entry and checks it; a failure is reported and the entry is not returned. */
export async function readVerifiedEntry(
  store: KeyCacheStore,
  keys: CacheKeys,
  cacheId: Uint8Array,
  globalKeyId: string,
  report: TamperReporter,
): Promise<{ version: bigint; payload: NonNullable<ReturnType<typeof decodePayload>> } | undefined> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await store.readEntry(globalKeyId);
  } catch {
    report(globalKeyId, 'unreadable');
    return undefined;
  }
  if (bytes === undefined) {
    report(globalKeyId, 'missing');
    return undefined;
  }
  const opened = openEntry(keys, cacheId, globalKeyId, bytes);
  if (!opened.ok) {
    report(globalKeyId, opened.reason);
    return undefined;
  }
  const payload = decodePayload(opened.payload);
  opened.payload.fill(0);
  if (payload === undefined) {
    report(globalKeyId, 'payload-invalid');
    return undefined;
  }
  return { version: opened.version, payload };
}

/** Discards everything in the store and starts a new cache (new id, hence new keys). */
export async function startFresh(
  store: KeyCacheStore,
  credentials: CacheCredentials,
  policies: IndexBody['policies'],
  usage: Map<string, KeyUseState> = new Map(),
): Promise<LoadedCache> {
  await store.clear();
  const cacheId = randomBytes(CACHE_ID_LENGTH);
  const keys = deriveCacheKeys(credentials, cacheId);
  const generation = 0n;
  await store.writeIndex(
    sealIndex(keys, cacheId, { generation, entries: new Map(), usage, ...(policies ? { policies } : {}) }),
  );
  return { cacheId, keys, generation, slots: new Map(), policies, usage };
}

async function discardAll(
  store: KeyCacheStore,
  credentials: CacheCredentials,
  reason: CacheTamperReason,
  report: TamperReporter,
): Promise<LoadedCache> {
  report(WHOLE_CACHE, reason);
  for (const name of await store.listEntries()) report(name, reason);
  return startFresh(store, credentials, undefined);
}

export async function loadCache(
  store: KeyCacheStore,
  credentials: CacheCredentials,
  keepSecrets: boolean,
  report: TamperReporter,
): Promise<LoadedCache> {
  const indexBytes = await store.readIndex();
  if (indexBytes === undefined) {
    // No index: entries (if any) cannot be checked for rollback, and there is no cache id.
    if ((await store.listEntries()).length > 0)
      return discardAll(store, credentials, 'index-invalid', report);
    return startFresh(store, credentials, undefined);
  }
  const header = peekIndexHeader(indexBytes);
  if (header === undefined) return discardAll(store, credentials, 'index-invalid', report);
  if (!timingSafeEqual(header.keyFingerprint, fingerprintCredentials(credentials)))
    return discardAll(store, credentials, 'credentials-mismatch', report);
  const keys = deriveCacheKeys(credentials, header.cacheId);
  const index = openIndex(keys, indexBytes);
  if (index === undefined) return discardAll(store, credentials, 'index-invalid', report);

  const slots = new Map<string, CacheSlot>();
  let generation = index.generation;
  let changed = false;
  const names = new Set([...(await store.listEntries()), ...index.entries.keys()]);
  for (const name of names) {
    const indexed = index.entries.get(name);
    const entry = await readVerifiedEntry(store, keys, header.cacheId, name, report);
    let keep = entry !== undefined;
    if (entry !== undefined) {
      // An entry older than the index records was rolled back; one the index does not list was
      // deleted and restored. An authentic entry newer than the index is ours, written just
      // before an interrupted index update: keep it.
      const newer = entry.version > (indexed ?? index.generation);
      if (!newer && indexed !== entry.version) {
        report(name, indexed === undefined ? 'unindexed' : 'rollback');
        keep = false;
      }
    }
    if (keep && entry !== undefined) {
      slots.set(name, slotFromPayload(name, entry.version, entry.payload, keepSecrets));
      if (entry.version > generation) generation = entry.version;
      if (indexed !== entry.version) changed = true;
    } else {
      entry?.payload.key.fill(0);
      changed = true;
      await store.deleteEntry(name);
    }
  }
  if (changed) {
    generation += 1n;
    await store.writeIndex(
      sealIndex(keys, header.cacheId, {
        generation,
        entries: new Map([...slots.values()].map((s) => [s.globalKeyId, s.version])),
        usage: index.usage,
        ...(index.policies ? { policies: index.policies } : {}),
      }),
    );
  }
  return {
    cacheId: header.cacheId,
    keys,
    generation,
    slots,
    policies: index.policies,
    usage: new Map(index.usage),
  };
}
