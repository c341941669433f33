/**
 * The reference client's key cache: keys encrypted and MACed at rest under keys bound to the
 * client's credentials (cache-keys.ts), verified when read, and held only as the KeyCachePolicy
 * allows (SKSML-CLT-65..69, SKSML-CLT-114). Design and decisions: spec/client-cache.md.
 */
import type { KeyCachePolicy } from '../../protocol/model/key-cache-policy.ts';
import type { GlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { CachePolicyOptions, CachingDecision } from '../../protocol/policy/cache-types.ts';
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';
import { decidePolicyRefresh } from '../../protocol/policy/policy-refresh.ts';
import { KeyCacheError } from './cache-error.ts';
import { wipeCacheKeys, type CacheCredentials, type CacheKeys } from './cache-keys.ts';
import { decideCacheEntry, maximumKeysOf, type GateDecision } from './cache-policy-gate.ts';
import { compareAge, wipeSlot, type CacheSlot } from './cache-slot.ts';
import type {
  CachedKey,
  CachedKeyInfo,
  CachedKeyKind,
  CacheTamperHandler,
  CacheTamperReason,
  KeyCacheInput,
  PutResult,
} from './cache-types.ts';
import { sealEntry } from './entry-codec.ts';
import { encodePayload, serializeKeyUsePolicyXml } from './entry-payload.ts';
import { canonicalGlobalKeyId, canonicalKeyId } from './global-key-id.ts';
import { sealIndex } from './index-codec.ts';
import type { KeyCacheStore } from './key-cache-store.ts';
import { loadCache, readVerifiedEntry, startFresh } from './load-cache.ts';
import { restorePolicies, storePolicies, type PolicySnapshot } from './policy-snapshot.ts';

export interface KeyCacheOptions {
  readonly store: KeyCacheStore;
  readonly credentials: CacheCredentials;
  /** Injectable clock (default `() => new Date()`). */
  readonly clock?: () => Date;
  /**
   * The KeyCachePolicies to obey (fetched now, or at `fetchedAt`). Absent: the ones persisted in
   * the cache, if any; until some are known nothing is cached or returned.
   */
  readonly policies?: readonly KeyCachePolicy[] | PolicySnapshot;
  /** Told about every entry refused when read; `'*'` stands for the whole cache. */
  readonly onCacheTamper?: CacheTamperHandler;
  /**
   * 'open' (default): every entry is verified and decrypted when the cache opens and held in
   * memory. 'get': verified and decrypted from the store on every get; memory holds no key bytes.
   */
  readonly decryptOn?: 'open' | 'get';
  /** Passed to the policy decisions (test switch for Status Other). */
  readonly policyOptions?: CachePolicyOptions;
}

export interface KeyCacheStats {
  readonly tamperEvents: number;
  readonly byReason: Readonly<Partial<Record<CacheTamperReason, number>>>;
}

export interface KeyCache {
  /** Caches a key if the KeyCachePolicy allows, evicting the oldest of its kind when full. */
  put(entry: KeyCacheInput): Promise<PutResult>;
  /** The key, or undefined (absent, expired, no longer allowed by policy, or failed verification). */
  get(globalKeyId: GlobalKeyID | string): Promise<CachedKey | undefined>;
  /** The key was used for its first encryption: it becomes a used key (or leaves the cache). */
  markUsed(globalKeyId: GlobalKeyID | string): Promise<PutResult>;
  /**
   * Persists the KeyUsePolicy state; it may only move forward. Encryptions ⇒ a used key. The
   * state is kept (in the signed index) even for a key that is not or no longer cached, so that
   * evicting and re-fetching a key never resets it (SKSML-CLT-104, SKSML-CLT-105).
   */
  updateState(globalKeyId: GlobalKeyID | string, state: KeyUseState): Promise<PutResult>;
  /** The persisted KeyUsePolicy state of a key, cached or not; undefined if never used. */
  getState(globalKeyId: GlobalKeyID | string): KeyUseState | undefined;
  delete(globalKeyId: GlobalKeyID | string): Promise<boolean>;
  /** The keys currently held (after purging), oldest first, without key bytes. */
  list(): Promise<CachedKeyInfo[]>;
  /** Removes every entry; the cache starts over with a new id. Policies are kept. */
  clear(): Promise<void>;
  /** Removes every entry the policies no longer allow; returns their GlobalKeyIDs. */
  purgeExpired(): Promise<string[]>;
  /** Replaces the policies (a KeyCachePolicyResponse just fetched) and enforces them at once. */
  setPolicies(policies: readonly KeyCachePolicy[], fetchedAt?: Date): Promise<string[]>;
  /** True when a KeyCachePolicyRequest is due (SKSML-CLT-65) or no policies are known. */
  needsPolicyRefresh(): boolean;
  stats(): KeyCacheStats;
  /** Wipes key bytes and cache keys from memory; later calls throw CACHE_CLOSED. */
  close(): void;
}

interface Rewrite {
  readonly slot: CacheSlot;
  readonly key: Buffer;
  readonly keyUsePolicyXml: string;
  readonly secret: NonNullable<CacheSlot['secret']>;
}

function refusal(decision: CachingDecision): PutResult {
  return { cached: false, reason: decision.reason, requirement: decision.requirement };
}

function notCached(): PutResult {
  return { cached: false, reason: 'the key is not in the cache', requirement: 'SKSML-CLT-67' };
}

function checkState(state: KeyUseState): void {
  if (
    typeof state.encryptionsPerformed !== 'bigint' ||
    state.encryptionsPerformed < 0n ||
    (state.firstUseAt !== undefined &&
      (!(state.firstUseAt instanceof Date) || Number.isNaN(state.firstUseAt.getTime())))
  )
    throw new KeyCacheError('CACHE_INVALID_ARGUMENT', 'the key use state is not valid');
}

/** SKSML-CLT-62, SKSML-CLT-63: the persisted state never moves backwards. */
function checkForward(old: KeyUseState, next: KeyUseState): void {
  const firstUseChanged =
    old.firstUseAt !== undefined && next.firstUseAt?.getTime() !== old.firstUseAt.getTime();
  if (next.encryptionsPerformed < old.encryptionsPerformed || firstUseChanged)
    throw new KeyCacheError(
      'CACHE_STATE_REGRESSION',
      'the key use state may only move forward (first use fixed, encryptions not decreasing)',
      { requirement: firstUseChanged ? 'SKSML-CLT-62' : 'SKSML-CLT-63' },
    );
}

/** The state that loses nothing: earliest first use, most encryptions. */
function mergeStates(a: KeyUseState, b: KeyUseState): KeyUseState {
  const firstUse = [a.firstUseAt, b.firstUseAt]
    .filter((d): d is Date => d !== undefined)
    .sort((x, y) => x.getTime() - y.getTime())[0];
  const encryptionsPerformed =
    a.encryptionsPerformed > b.encryptionsPerformed ? a.encryptionsPerformed : b.encryptionsPerformed;
  return firstUse === undefined ? { encryptionsPerformed } : { firstUseAt: firstUse, encryptionsPerformed };
}

const INITIAL_STATE: KeyUseState = { encryptionsPerformed: 0n };

function sameState(a: KeyUseState, b: KeyUseState): boolean {
  return (
    a.encryptionsPerformed === b.encryptionsPerformed && a.firstUseAt?.getTime() === b.firstUseAt?.getTime()
  );
}

function isInitial(state: KeyUseState): boolean {
  return state.firstUseAt === undefined && state.encryptionsPerformed === 0n;
}

function copyState(state: KeyUseState): KeyUseState {
  return state.firstUseAt === undefined
    ? { encryptionsPerformed: state.encryptionsPerformed }
    : { firstUseAt: new Date(state.firstUseAt.getTime()), encryptionsPerformed: state.encryptionsPerformed };
}

function info(slot: CacheSlot, expiresAt: Date): CachedKeyInfo {
  return {
    globalKeyId: slot.globalKeyId,
    keyClass: slot.keyClass,
    kind: slot.kind,
    cachedAt: new Date(slot.cachedAt),
    expiresAt,
    state: copyState(slot.state),
  };
}

export async function createKeyCache(options: KeyCacheOptions): Promise<KeyCache> {
  const { store, credentials } = options;
  const clock = options.clock ?? ((): Date => new Date());
  const keepSecrets = (options.decryptOn ?? 'open') === 'open';
  const policyOptions = options.policyOptions ?? {};
  const counters = new Map<CacheTamperReason, number>();
  let tamperEvents = 0;

  function report(globalKeyId: string, reason: CacheTamperReason): void {
    tamperEvents += 1;
    counters.set(reason, (counters.get(reason) ?? 0) + 1);
    try {
      options.onCacheTamper?.(globalKeyId, reason);
    } catch {
      // A failing handler must not turn a refusal into an acceptance or crash the client.
    }
  }

  const loaded = await loadCache(store, credentials, keepSecrets, report);
  let cacheId: Buffer = loaded.cacheId;
  let keys: CacheKeys | undefined = loaded.keys;
  let generation = loaded.generation;
  let slots = loaded.slots;
  const usage = loaded.usage;
  // An entry written just before an interrupted index update may be ahead of the ledger.
  for (const [id, slot] of slots) {
    const merged = mergeStates(slot.state, usage.get(id) ?? INITIAL_STATE);
    if (!isInitial(merged)) usage.set(id, merged);
    slots.set(id, { ...slot, state: merged });
  }
  let snapshot: PolicySnapshot | undefined;
  const given = options.policies;
  if (given !== undefined) snapshot = 'fetchedAt' in given ? given : { policies: given, fetchedAt: clock() };
  else snapshot = restorePolicies(loaded.policies);

  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  }

  function liveKeys(): CacheKeys {
    if (keys === undefined) throw new KeyCacheError('CACHE_CLOSED', 'the key cache is closed');
    return keys;
  }

  function decide(
    slot: Pick<CacheSlot, 'keyClass' | 'kind' | 'cachedAt'>,
    others: number,
    now: Date,
  ): GateDecision {
    return decideCacheEntry(
      snapshot?.policies,
      { keyClass: slot.keyClass, kind: slot.kind, cachedAt: new Date(slot.cachedAt), othersOfKind: others },
      now,
      policyOptions,
    );
  }

  /** Writes new entries, then the signed index, then deletes removed entries; then commits memory. */
  async function commit(
    writes: readonly Rewrite[],
    removals: readonly string[],
    force = false,
  ): Promise<void> {
    if (writes.length === 0 && removals.length === 0 && !force) return;
    const k = liveKeys();
    const version = generation + 1n;
    const next = new Map(slots);
    for (const id of removals) next.delete(id);
    for (const w of writes) {
      const payload = encodePayload(
        {
          key: w.key,
          keyClass: w.slot.keyClass,
          kind: w.slot.kind,
          cachedAt: w.slot.cachedAt,
          state: w.slot.state,
          keyUsePolicy: w.secret.keyUsePolicy,
        },
        w.keyUsePolicyXml,
      );
      try {
        await store.writeEntry(
          w.slot.globalKeyId,
          sealEntry(k, cacheId, w.slot.globalKeyId, version, payload),
        );
      } finally {
        payload.fill(0);
      }
      const slot: CacheSlot = { ...w.slot, version };
      if (!isInitial(slot.state)) usage.set(slot.globalKeyId, slot.state);
      next.set(slot.globalKeyId, keepSecrets ? { ...slot, secret: w.secret } : slot);
    }
    await store.writeIndex(
      sealIndex(k, cacheId, {
        generation: version,
        entries: new Map([...next.values()].map((s) => [s.globalKeyId, s.version])),
        usage,
        ...(snapshot ? { policies: storePolicies(snapshot) } : {}),
      }),
    );
    for (const id of removals) await store.deleteEntry(id);
    generation = version;
    const previous = slots;
    slots = next;
    for (const id of removals) wipeSlot(previous.get(id));
    for (const w of writes) {
      const old = previous.get(w.slot.globalKeyId);
      if (old?.secret !== undefined && old.secret.key !== w.secret.key) wipeSlot(old);
      if (!keepSecrets) w.key.fill(0);
    }
  }

  /** The key and policy of a slot: from memory, or read and verified from the store. */
  async function secretOf(slot: CacheSlot): Promise<CacheSlot['secret']> {
    if (slot.secret !== undefined) return slot.secret;
    const entry = await readVerifiedEntry(store, liveKeys(), cacheId, slot.globalKeyId, report);
    if (entry === undefined) {
      await commit([], [slot.globalKeyId]);
      return undefined;
    }
    if (entry.version !== slot.version) {
      entry.payload.key.fill(0);
      // An entry other than the one this process wrote last: an older copy put back.
      report(slot.globalKeyId, 'rollback');
      await commit([], [slot.globalKeyId]);
      return undefined;
    }
    return { key: entry.payload.key, keyUsePolicy: entry.payload.keyUsePolicy };
  }

  function othersOf(keyClass: string, kind: CachedKeyKind, except: string): CacheSlot[] {
    return [...slots.values()]
      .filter((s) => s.keyClass === keyClass && s.kind === kind && s.globalKeyId !== except)
      .sort(compareAge);
  }

  /**
   * Decides whether `slot` may be held now (SKSML-CLT-66..69) and, when its kind is full, which
   * of the oldest keys of the same class and kind make room (SKSML-CLT-68).
   */
  function admit(
    slot: Pick<CacheSlot, 'globalKeyId' | 'keyClass' | 'kind' | 'cachedAt'>,
    now: Date,
  ): { decision: CachingDecision; evict: string[] } {
    const first = decide(slot, 0, now);
    if (!first.decision.cache) return { decision: first.decision, evict: [] };
    const others = othersOf(slot.keyClass, slot.kind, slot.globalKeyId);
    const limit = maximumKeysOf(first.policy, slot.kind);
    const excess = BigInt(others.length) + 1n - limit;
    const evict = excess > 0n ? others.slice(0, Number(excess)).map((s) => s.globalKeyId) : [];
    return { decision: decide(slot, others.length - evict.length, now).decision, evict };
  }

  /**
   * Keeps `state` in the usage ledger of the signed index for a key that leaves (or never enters)
   * the cache, so that dropping the entry cannot lose or reset it (SKSML-CLT-104, SKSML-CLT-105,
   * SKSML-CLT-142). The ledger is written with the next commit.
   */
  function keepInLedger(globalKeyId: string, state: KeyUseState): boolean {
    const before = usage.get(globalKeyId) ?? INITIAL_STATE;
    const merged = mergeStates(before, state);
    if (isInitial(merged) || sameState(before, merged)) return false;
    usage.set(globalKeyId, copyState(merged));
    return true;
  }

  /**
   * Rewrites a slot with a new kind/state, or drops it when the policy no longer allows it. In
   * both cases `state` is persisted: in the entry and the ledger, or in the ledger alone.
   */
  async function rewrite(slot: CacheSlot, kind: CachedKeyKind, state: KeyUseState): Promise<PutResult> {
    const secret = await secretOf(slot);
    if (secret === undefined) {
      // The entry failed verification and was dropped: the state still goes to the ledger.
      const changed = keepInLedger(slot.globalKeyId, state);
      await commit([], slots.has(slot.globalKeyId) ? [slot.globalKeyId] : [], changed);
      return notCached();
    }
    const next: CacheSlot = { ...slot, kind, state };
    const { decision, evict } = admit(next, clock());
    if (!decision.cache || decision.expiresAt === undefined) {
      if (!keepSecrets) secret.key.fill(0);
      // A new key turned used under a KCP without UsedKeysCacheDetail (SKSML-CLT-67) leaves the
      // cache, but its new state must not: SKSML-CLT-142.
      keepInLedger(slot.globalKeyId, state);
      await commit([], [slot.globalKeyId]);
      return refusal(decision);
    }
    await commit(
      [
        {
          slot: next,
          key: secret.key,
          secret,
          keyUsePolicyXml: serializeKeyUsePolicyXml(secret.keyUsePolicy),
        },
      ],
      evict,
    );
    return {
      cached: true,
      expiresAt: decision.expiresAt,
      evicted: evict,
      reason: decision.reason,
      requirement: decision.requirement,
    };
  }

  /** Every entry the policies no longer allow, and the oldest beyond MaximumKeys (SKSML-CLT-68). */
  function findExcess(now: Date): string[] {
    if (snapshot === undefined) return [];
    const out = new Set<string>();
    const groups = new Map<string, CacheSlot[]>();
    for (const slot of slots.values()) {
      const gate = decide(slot, 0, now);
      if (!gate.decision.cache) {
        out.add(slot.globalKeyId);
        continue;
      }
      const key = `${slot.kind}\n${slot.keyClass}`;
      groups.set(key, [...(groups.get(key) ?? []), slot]);
    }
    for (const group of groups.values()) {
      const first = group[0];
      if (first === undefined) continue;
      const limit = maximumKeysOf(decide(first, 0, now).policy, first.kind);
      const excess = BigInt(group.length) - limit;
      if (excess > 0n)
        for (const slot of group.sort(compareAge).slice(0, Number(excess))) out.add(slot.globalKeyId);
    }
    return [...out];
  }

  async function purge(force = false): Promise<string[]> {
    const removed = findExcess(clock());
    await commit([], removed, force);
    return removed;
  }

  const cache: KeyCache = {
    async put(entry) {
      const id = canonicalKeyId(entry.globalKeyId);
      const policy = entry.keyUsePolicy;
      const key = entry.key;
      // SKSML-CLT-131: a key is exactly KeySize bits.
      if (!(key instanceof Uint8Array) || key.length === 0 || key.length * 8 !== policy.keySize)
        throw new KeyCacheError(
          'CACHE_INVALID_ARGUMENT',
          'the key length does not match the KeySize of its policy',
          {
            requirement: 'SKSML-CLT-131',
          },
        );
      const state = entry.state ?? { encryptionsPerformed: 0n };
      checkState(state);
      const cachedAt = entry.cachedAt ?? clock();
      if (!(cachedAt instanceof Date) || Number.isNaN(cachedAt.getTime()))
        throw new KeyCacheError('CACHE_INVALID_ARGUMENT', 'cachedAt is not a valid Date');
      const keyUsePolicyXml = serializeKeyUsePolicyXml(policy);
      return await exclusive(async () => {
        liveKeys();
        const existing = slots.get(id);
        // SKSML-CLT-104, SKSML-CLT-105: a re-fetched key resumes the state recorded for it.
        const recorded = mergeStates(existing?.state ?? INITIAL_STATE, usage.get(id) ?? INITIAL_STATE);
        const merged = mergeStates(recorded, state);
        // SKSML-CLT-67: a key used for an encryption is a used key, whatever the caller says.
        const kind: CachedKeyKind =
          entry.kind === 'used' || existing?.kind === 'used' || merged.encryptionsPerformed > 0n
            ? 'used'
            : 'new';
        const slot: CacheSlot = {
          globalKeyId: id,
          keyClass: policy.keyClass,
          kind,
          cachedAt: cachedAt.getTime(),
          version: 0n,
          state: merged,
        };
        const { decision, evict } = admit(slot, clock());
        if (!decision.cache || decision.expiresAt === undefined) {
          // The key is not held, but a state handed in with it is kept (SKSML-CLT-142).
          const changed = keepInLedger(id, merged);
          await commit([], existing !== undefined ? [id] : [], changed);
          return refusal(decision);
        }
        const copy = Buffer.from(key);
        await commit(
          [{ slot, key: copy, keyUsePolicyXml, secret: { key: copy, keyUsePolicy: policy } }],
          evict,
        );
        return {
          cached: true,
          expiresAt: decision.expiresAt,
          evicted: evict,
          reason: decision.reason,
          requirement: decision.requirement,
        };
      });
    },

    async get(globalKeyId) {
      const id = canonicalGlobalKeyId(globalKeyId);
      liveKeys();
      const slot = slots.get(id);
      if (slot === undefined || snapshot === undefined) return undefined;
      const { decision } = decide(slot, 0, clock());
      if (!decision.cache || decision.expiresAt === undefined) {
        // SKSML-CLT-68, SKSML-CLT-69: an entry the policy no longer allows is purged on access.
        await exclusive(() => (slots.get(id) === slot ? commit([], [id]) : Promise.resolve()));
        return undefined;
      }
      const expiresAt = decision.expiresAt;
      const secret =
        slot.secret ??
        (await exclusive(() => (slots.get(id) === slot ? secretOf(slot) : Promise.resolve(undefined))));
      if (secret === undefined) return undefined;
      const out = new Uint8Array(secret.key);
      if (slot.secret === undefined) secret.key.fill(0);
      return { ...info(slot, expiresAt), keyUsePolicy: secret.keyUsePolicy, key: out };
    },

    async markUsed(globalKeyId) {
      const id = canonicalGlobalKeyId(globalKeyId);
      return await exclusive(async () => {
        liveKeys();
        const slot = slots.get(id);
        if (slot === undefined) return notCached();
        return rewrite(slot, 'used', slot.state);
      });
    },

    async updateState(globalKeyId, state) {
      const id = canonicalGlobalKeyId(globalKeyId);
      checkState(state);
      return await exclusive(async () => {
        liveKeys();
        const slot = slots.get(id);
        if (slot === undefined) {
          checkForward(usage.get(id) ?? INITIAL_STATE, state);
          if (!isInitial(state)) {
            usage.set(id, copyState(state));
            await commit([], [], true);
          }
          return { ...notCached(), reason: 'the key is not cached; its use state was recorded' };
        }
        checkForward(slot.state, state);
        const kind: CachedKeyKind = slot.kind === 'used' || state.encryptionsPerformed > 0n ? 'used' : 'new';
        return rewrite(slot, kind, copyState(state));
      });
    },

    getState(globalKeyId) {
      const id = canonicalGlobalKeyId(globalKeyId);
      liveKeys();
      const state = slots.get(id)?.state ?? usage.get(id);
      return state === undefined || isInitial(state) ? undefined : copyState(state);
    },

    async delete(globalKeyId) {
      const id = canonicalGlobalKeyId(globalKeyId);
      return await exclusive(async () => {
        liveKeys();
        if (!slots.has(id)) return false;
        await commit([], [id]);
        return true;
      });
    },

    list() {
      return exclusive(async () => {
        liveKeys();
        await purge();
        if (snapshot === undefined) return [];
        const now = clock();
        const out: CachedKeyInfo[] = [];
        for (const slot of [...slots.values()].sort(compareAge)) {
          const { decision } = decide(slot, 0, now);
          if (decision.cache && decision.expiresAt !== undefined) out.push(info(slot, decision.expiresAt));
        }
        return out;
      });
    },

    clear() {
      return exclusive(async () => {
        const old = liveKeys();
        const fresh = await startFresh(
          store,
          credentials,
          snapshot ? storePolicies(snapshot) : undefined,
          usage,
        );
        for (const slot of slots.values()) wipeSlot(slot);
        wipeCacheKeys(old);
        cacheId = fresh.cacheId;
        keys = fresh.keys;
        generation = fresh.generation;
        slots = fresh.slots;
      });
    },

    purgeExpired() {
      return exclusive(async () => {
        liveKeys();
        return purge();
      });
    },

    async setPolicies(policies, fetchedAt) {
      const at = fetchedAt ?? clock();
      if (!(at instanceof Date) || Number.isNaN(at.getTime()))
        throw new KeyCacheError('CACHE_INVALID_ARGUMENT', 'fetchedAt is not a valid Date');
      return await exclusive(async () => {
        liveKeys();
        snapshot = { policies: [...policies], fetchedAt: at };
        return purge(true);
      });
    },

    needsPolicyRefresh() {
      // SKSML-CLT-65: due once PolicyCheckInterval has elapsed since the policies were fetched.
      if (snapshot === undefined) return true;
      return decidePolicyRefresh(snapshot.fetchedAt, snapshot.policies, clock()).due;
    },

    stats() {
      return { tamperEvents, byReason: Object.fromEntries(counters) };
    },

    close() {
      for (const slot of slots.values()) wipeSlot(slot);
      slots = new Map();
      if (keys !== undefined) wipeCacheKeys(keys);
      keys = undefined;
    },
  };
  return cache;
}
