/** Where the data helpers get keys: the SKCL's cache and server, or a test double. */
import type { KeyMaterial } from '../usage/key-material.ts';

export interface DataKeySource {
  /**
   * Keys to try for a new encryption, best first: cached new keys of the class (per the
   * KeyCachePolicy), then a fresh key from the server, fetched only when reached.
   */
  newKeys(keyClass: string | undefined): AsyncIterable<KeyMaterial>;
  /** The key with this GlobalKeyID, from the cache or the server. */
  key(globalKeyId: string): Promise<KeyMaterial>;
}
