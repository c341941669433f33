/**
 * Where the KeyUsePolicy state of each key (first use, encryptions performed) is persisted
 * (SKSML-CLT-104, SKSML-CLT-105). The reference client keeps it in the key cache: the cache's
 * signed index holds a usage ledger for every key ever used, cached or not, so the state survives
 * restarts, eviction and re-fetch of the same key (spec/client-usage.md §2).
 */
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';
import type { KeyCache } from '../cache/key-cache.ts';

export interface KeyUseStateStore {
  /** The persisted state of a key; undefined when the key was never used. */
  get(globalKeyId: string): KeyUseState | undefined;
  /** Persists the state durably; resolves only once it is stored. Throws when it cannot be. */
  record(globalKeyId: string, state: KeyUseState): Promise<void>;
}

function sameState(a: KeyUseState | undefined, b: KeyUseState): boolean {
  return (
    a !== undefined &&
    a.encryptionsPerformed === b.encryptionsPerformed &&
    a.firstUseAt?.getTime() === b.firstUseAt?.getTime()
  );
}

/**
 * The state store of a key cache. `updateState` persists the state in the cache's signed usage
 * ledger whatever the KeyCachePolicy decides about the entry (kept, rewritten as a used key, or
 * dropped), so one call suffices (SKSML-CLT-142). The state is read back once as a fail-closed
 * check: if the cache did not keep it, the key is not released (SKSML-CLT-141).
 */
export function createCacheStateStore(cache: KeyCache): KeyUseStateStore {
  return {
    get: (globalKeyId) => cache.getState(globalKeyId),
    async record(globalKeyId, state) {
      await cache.updateState(globalKeyId, state);
      // SKSML-CLT-141: never release a key whose state is not known to be persisted.
      if (!sameState(cache.getState(globalKeyId), state))
        throw new Error('the key cache did not keep the key use state');
    },
  };
}

/** A state store in memory: for tests and for processes that never outlive their keys. */
export function createMemoryKeyUseStateStore(): KeyUseStateStore & {
  readonly states: Map<string, KeyUseState>;
} {
  const states = new Map<string, KeyUseState>();
  return {
    states,
    get: (globalKeyId) => states.get(globalKeyId),
    record(globalKeyId, state) {
      states.set(globalKeyId, state);
      return Promise.resolve();
    },
  };
}
