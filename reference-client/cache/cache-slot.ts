/** What the key cache keeps in memory for each entry. */
import type { KeyUsePolicy } from '../../protocol/model/key-use-policy.ts';
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';
import type { CachedKeyKind } from './cache-types.ts';
import type { EntryPayload } from './entry-payload.ts';

export interface CacheSlot {
  readonly globalKeyId: string;
  readonly keyClass: string;
  readonly kind: CachedKeyKind;
  /** Epoch ms when the key was received; MaximumDuration counts from here (SKSML-CLT-114). */
  readonly cachedAt: number;
  /** Generation at which its entry was written (must match the file: rollback check). */
  readonly version: bigint;
  readonly state: KeyUseState;
  /** Held only when the cache decrypts on open; otherwise read from the store on each get. */
  readonly secret?: { readonly key: Buffer; readonly keyUsePolicy: KeyUsePolicy };
}

export function slotFromPayload(
  globalKeyId: string,
  version: bigint,
  payload: EntryPayload,
  keepSecret: boolean,
): CacheSlot {
  const slot = {
    globalKeyId,
    keyClass: payload.keyClass,
    kind: payload.kind,
    cachedAt: payload.cachedAt,
    version,
    state: payload.state,
  };
  if (keepSecret) return { ...slot, secret: { key: payload.key, keyUsePolicy: payload.keyUsePolicy } };
  payload.key.fill(0);
  return slot;
}

export function wipeSlot(slot: CacheSlot | undefined): void {
  slot?.secret?.key.fill(0);
}

/** Oldest first: by receipt time, then by write order. */
export function compareAge(a: CacheSlot, b: CacheSlot): number {
  if (a.cachedAt !== b.cachedAt) return a.cachedAt - b.cachedAt;
  return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}
