/**
 * Where sealed cache blobs live. A store only moves opaque bytes: every entry and the index are
 * already encrypted and MACed by the key cache, so a store (a directory, memory, a database)
 * needs no secrets. Entry names are canonical GlobalKeyIDs (`DomainID-ServerID-KeyID`).
 */

export interface KeyCacheStore {
  /** Human-readable location for logs (a directory path, "memory"). */
  readonly description: string;
  readIndex(): Promise<Uint8Array | undefined>;
  /** Replaces the index atomically: a reader sees the old bytes or the new ones, never a mix. */
  writeIndex(bytes: Uint8Array): Promise<void>;
  /** Names of the stored entries, in no particular order. */
  listEntries(): Promise<string[]>;
  readEntry(name: string): Promise<Uint8Array | undefined>;
  /** Replaces an entry atomically. */
  writeEntry(name: string, bytes: Uint8Array): Promise<void>;
  /** Removes an entry; absent is not an error. */
  deleteEntry(name: string): Promise<void>;
  /** Removes the index and every entry. */
  clear(): Promise<void>;
}

/** Canonical GlobalKeyID spelling: safe as a file name (digits and two hyphens). */
const ENTRY_NAME = /^(?:0|[1-9][0-9]{0,19})-(?:0|[1-9][0-9]{0,19})-(?:0|[1-9][0-9]{0,19})$/;

export function isEntryName(name: string): boolean {
  return ENTRY_NAME.test(name);
}

export function checkEntryName(name: string): string {
  if (!isEntryName(name)) throw new RangeError('a cache entry name must be a canonical GlobalKeyID');
  return name;
}
