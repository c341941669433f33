/**
 * A key class as the handlers use it: configured (name, default, RequestCheckInterval) AND stored
 * (policies and approval flag, verified on every read). The decoded policies are cached per stored
 * row version, so a verified read costs one MAC, not an XML parse.
 */
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import { deepFreeze } from '../../protocol/model/serialize/frozen-values.ts';
import { findKeyClass, type KeyClassConfig } from '../config/server-config.ts';
import { decodeKeyCachePolicy, decodeKeyUsePolicy } from '../service/key-class-codec.ts';
import type { SksServices } from '../service/services.ts';
import type { StoreOperations } from '../store/store.ts';

export interface LoadedKeyClass {
  readonly name: string;
  readonly config: KeyClassConfig;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly keyCachePolicy: KeyCachePolicy;
  readonly requiresApproval: boolean;
}

interface CacheEntry {
  readonly kupText: string;
  readonly kcpText: string;
  readonly keyUsePolicy: KeyUsePolicy;
  readonly keyCachePolicy: KeyCachePolicy;
}

const decoded = new WeakMap<SksServices, Map<string, CacheEntry>>();

/** The class named `name`, or undefined when it is not configured or not stored. Throws IntegrityError. */
export async function loadKeyClass(
  services: SksServices,
  name: string,
  store: StoreOperations = services.store,
): Promise<LoadedKeyClass | undefined> {
  const config = findKeyClass(services.config, name);
  if (config === undefined) return undefined;
  const row = await store.getKeyClass(name);
  if (row === undefined) return undefined;
  let cache = decoded.get(services);
  if (cache === undefined) decoded.set(services, (cache = new Map<string, CacheEntry>()));
  let entry = cache.get(name);
  if (entry === undefined || entry.kupText !== row.keyUsePolicy || entry.kcpText !== row.keyCachePolicy) {
    entry = {
      kupText: row.keyUsePolicy,
      kcpText: row.keyCachePolicy,
      // Frozen: the same objects serve every request until the row changes, and a deeply frozen
      // policy lets the serializer reuse the KeyUsePolicy element it built (build-key-use-policy.ts).
      keyUsePolicy: deepFreeze(decodeKeyUsePolicy(row.keyUsePolicy)),
      keyCachePolicy: deepFreeze(decodeKeyCachePolicy(row.keyCachePolicy)),
    };
    cache.set(name, entry);
  }
  return {
    name,
    config,
    keyUsePolicy: entry.keyUsePolicy,
    keyCachePolicy: entry.keyCachePolicy,
    requiresApproval: row.requiresApproval,
  };
}
