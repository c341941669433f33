/** The reference client's encrypted, signed key cache (spec/client-cache.md). */
export { createKeyCache, type KeyCache, type KeyCacheOptions, type KeyCacheStats } from './key-cache.ts';
export type { KeyCacheStore } from './key-cache-store.ts';
export { createFileKeyCacheStore, type FileKeyCacheStoreOptions } from './file-key-cache-store.ts';
export { createMemoryKeyCacheStore, type MemoryKeyCacheStore } from './memory-key-cache-store.ts';
export type { CacheCredentials } from './cache-keys.ts';
export type { PolicySnapshot } from './policy-snapshot.ts';
export { KeyCacheError, type KeyCacheErrorCode } from './cache-error.ts';
export * from './cache-types.ts';
