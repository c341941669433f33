/** A key the client holds (from its cache or just delivered by a server), before any use check. */
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';

export interface KeyMaterial {
  /** Canonical `DomainID-ServerID-KeyID`. */
  readonly globalKeyId: string;
  readonly keyUsePolicy: KeyUsePolicy;
  /** The key bytes; owned by the holder of this value (wiped after use). */
  readonly key: Uint8Array;
  /** Where the key came from. */
  readonly source: 'cache' | 'server';
}
