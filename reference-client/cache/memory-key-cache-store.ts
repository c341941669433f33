/** A KeyCacheStore in memory (tests, short-lived processes). Holds copies of the sealed bytes. */
import { checkEntryName, type KeyCacheStore } from './key-cache-store.ts';

export interface MemoryKeyCacheStore extends KeyCacheStore {
  /** Direct access to the stored blobs, for tests that tamper with them. */
  readonly blobs: Map<string, Uint8Array>;
  index: Uint8Array | undefined;
}

export function createMemoryKeyCacheStore(): MemoryKeyCacheStore {
  const store: MemoryKeyCacheStore = {
    description: 'memory',
    blobs: new Map(),
    index: undefined,
    readIndex: () => Promise.resolve(store.index === undefined ? undefined : Uint8Array.from(store.index)),
    writeIndex: (bytes) => {
      store.index = Uint8Array.from(bytes);
      return Promise.resolve();
    },
    listEntries: () => Promise.resolve([...store.blobs.keys()]),
    readEntry: (name) => {
      const blob = store.blobs.get(checkEntryName(name));
      return Promise.resolve(blob === undefined ? undefined : Uint8Array.from(blob));
    },
    writeEntry: (name, bytes) => {
      store.blobs.set(checkEntryName(name), Uint8Array.from(bytes));
      return Promise.resolve();
    },
    deleteEntry: (name) => {
      store.blobs.delete(checkEntryName(name));
      return Promise.resolve();
    },
    clear: () => {
      store.blobs.clear();
      store.index = undefined;
      return Promise.resolve();
    },
  };
  return store;
}
