/**
 * The SKCL facade: what an application links. It combines the SKSML client (signed requests,
 * verified responses, failover), the encrypted key cache (KeyCachePolicy) and the KeyUsePolicy
 * gate (usage/) into key use and data encryption (spec/client-usage.md).
 *
 *   const skcl = createSkcl({ client, cache });
 *   const { xml } = await skcl.encrypt(bytes, { keyClass: 'PAYROLL', application: { name: 'hr' } });
 *   const { data } = await skcl.decrypt(xml, { application: { name: 'hr' } });
 *   const key = await skcl.useKey('10514-1-42', { operation: 'decrypt' }); // UsableKey
 */
import { formatGlobalKeyID, formatSymkeyRequestID } from '../protocol/model/identifiers.ts';
import type { KeyUseOptions } from '../protocol/policy/key-use-types.ts';
import type { KeyCache } from './cache/key-cache.ts';
import { KeyCacheError } from './cache/cache-error.ts';
import { canonicalKeyId } from './cache/global-key-id.ts';
import type { SksmlClient } from './client/create-client.ts';
import type { DeliveredKey, KeyCachePolicyResult, KeyResults } from './client/results.ts';
import { ClientError } from './errors/client-error.ts';
import type { Sleep } from './transport/failover.ts';
import { decryptData, type DecryptOptions, type DecryptResult } from './data/decrypt-data.ts';
import { encryptData, type EncryptOptions, type EncryptResult } from './data/encrypt-data.ts';
import type { DataKeySource } from './data/key-source.ts';
import { HeldKey } from './usage/held-key.ts';
import type { KeyMaterial } from './usage/key-material.ts';
import { createKeyUser, type KeyUseContext } from './usage/key-user.ts';
import { createCacheStateStore, type KeyUseStateStore } from './usage/key-use-state-store.ts';
import type { UsableKey } from './usage/usable-key.ts';
import { KeyUnavailableError } from './usage/usage-errors.ts';

/** Something that went wrong without stopping the operation (reported, never thrown). */
export interface SkclWarning {
  readonly code: 'SKCL_KCP_REFRESH_FAILED' | 'SKCL_CACHE_PUT_FAILED';
  readonly message: string;
  readonly cause: unknown;
}

export interface SkclOptions {
  readonly client: SksmlClient;
  /** The key cache; it also persists the KeyUsePolicy state of every key used. */
  readonly cache: KeyCache;
  /** Where the KeyUsePolicy state lives; default the cache's usage ledger. */
  readonly states?: KeyUseStateStore;
  /** Injectable clock for the KeyUsePolicy decisions (default: now). */
  readonly clock?: () => Date;
  /** IANA zone in which PermittedDates/Days/Times are read (default UTC, SKSML-CLT-101). */
  readonly timeZone?: string;
  readonly policyOptions?: KeyUseOptions;
  /** How long a key request may wait for SymkeyWorkInProgress to finish; default 0 (no waiting). */
  readonly maxWaitMs?: number;
  /** Sleep used while waiting (default: the client's). */
  readonly sleep?: Sleep;
  readonly onWarning?: (warning: SkclWarning) => void;
}

export interface NewKeysOutcome {
  readonly keys: readonly HeldKey[];
  /** Classes the server refused (SymkeyError), for display. */
  readonly errors: readonly {
    readonly keyClass?: string;
    readonly errorCode: string;
    readonly errorMessage: string;
  }[];
  /** Requests still pending when waiting stopped. */
  readonly pending: readonly {
    readonly keyClass?: string;
    readonly symkeyRequestId: string;
    readonly notBefore: Date;
  }[];
}

export interface Skcl {
  /**
   * The key bytes for one operation, only when the KeyUsePolicy allows it; the first use and
   * the encryption counter are persisted before the key is returned. Throws KeyUseDeniedError
   * (CLIENT_KEY_USE_DENIED) listing every violation.
   */
  useKey(globalKeyId: string, context: KeyUseContext): Promise<UsableKey>;
  /** Encrypts data under a new key (or a cached new key) of a class: an xenc:EncryptedData. */
  encrypt(data: Uint8Array, options?: EncryptOptions): Promise<EncryptResult>;
  /** Decrypts an xenc:EncryptedData with the key its ds:KeyName names. */
  decrypt(input: string | Uint8Array, options?: DecryptOptions): Promise<DecryptResult>;
  /** Asks the server for new keys (one per class, or one of the default class) and caches them. */
  requestNewKeys(keyClasses: readonly string[]): Promise<NewKeysOutcome>;
  /** A key by GlobalKeyID, from the cache or the server (not a use: nothing is counted). */
  getKey(globalKeyId: string): Promise<HeldKey>;
  /** Fetches the KeyCachePolicies and hands them to the cache. */
  refreshKeyCachePolicies(): Promise<KeyCachePolicyResult>;
  close(): void;
}

function refused(error: {
  readonly requestedKeyClass?: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}): KeyUnavailableError {
  return new KeyUnavailableError(
    'CLIENT_KEY_REFUSED',
    `the server refused the key request (${error.errorCode.slice(0, 64)})`,
    { serverErrorCode: error.errorCode, serverErrorMessage: error.errorMessage, requirement: 'SKSML-SRV-45' },
  );
}

export function createSkcl(options: SkclOptions): Skcl {
  const { client, cache } = options;
  const states = options.states ?? createCacheStateStore(cache);
  const keyUser = createKeyUser({
    states,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.policyOptions === undefined ? {} : { policyOptions: options.policyOptions }),
  });
  const maxWaitMs = options.maxWaitMs ?? 0;

  function warn(code: SkclWarning['code'], message: string, cause: unknown): void {
    try {
      options.onWarning?.({ code, message, cause });
    } catch {
      // a failing handler must not change the outcome
    }
  }

  async function refreshKeyCachePolicies(): Promise<KeyCachePolicyResult> {
    const result = await client.getKeyCachePolicy();
    await cache.setPolicies(result.policies, result.receivedAt);
    return result;
  }

  /**
   * SKSML-CLT-65: asks for the KeyCachePolicies again once they are due. A server that cannot
   * answer does not stop key use: the cache keeps obeying the policies it holds (none: no caching).
   */
  async function ensurePolicies(): Promise<void> {
    if (!cache.needsPolicyRefresh()) return;
    try {
      await refreshKeyCachePolicies();
    } catch (e) {
      if (!(e instanceof ClientError)) throw e;
      warn('SKCL_KCP_REFRESH_FAILED', `KeyCachePolicy refresh failed: ${e.code}`, e);
    }
  }

  /** Waits for pending requests when allowed; the outcome lists what is still pending. */
  async function settle(results: KeyResults): Promise<KeyResults> {
    if (results.pending.length === 0 || maxWaitMs <= 0) return results;
    const waited = await client.waitForKeys(
      results.pending.map((p) => p.symkeyRequestId),
      { maxWaitMs, ...(options.sleep === undefined ? {} : { sleep: options.sleep }) },
    );
    return {
      keys: [...results.keys, ...waited.keys],
      errors: [...results.errors, ...waited.errors],
      pending: waited.pending,
      servers: [...results.servers, ...waited.servers],
    };
  }

  /** Caches a delivered key (if the KeyCachePolicy allows) and turns it into key material. */
  async function adopt(delivered: DeliveredKey): Promise<KeyMaterial & { cached: boolean }> {
    const globalKeyId = formatGlobalKeyID(delivered.globalKeyId);
    const key = new Uint8Array(delivered.key);
    delivered.wipe();
    let cached = false;
    try {
      // The cache merges the state recorded for this GlobalKeyID (SKSML-CLT-104, SKSML-CLT-105).
      const put = await cache.put({ globalKeyId, keyUsePolicy: delivered.keyUsePolicy, key });
      cached = put.cached;
    } catch (e) {
      if (!(e instanceof KeyCacheError)) throw e;
      warn('SKCL_CACHE_PUT_FAILED', `the key could not be cached: ${e.code}`, e);
    }
    return { globalKeyId, keyUsePolicy: delivered.keyUsePolicy, key, source: 'server', cached };
  }

  function firstKeyOrThrow(results: KeyResults): DeliveredKey {
    const key = results.keys[0];
    if (key !== undefined) return key;
    const error = results.errors[0];
    if (error !== undefined) throw refused(error);
    const pending = results.pending[0];
    if (pending !== undefined)
      throw new KeyUnavailableError(
        'CLIENT_KEY_PENDING',
        `the server is still working on request ${formatSymkeyRequestID(pending.symkeyRequestId)}`,
        {
          symkeyRequestId: formatSymkeyRequestID(pending.symkeyRequestId),
          retryAt: pending.notBefore,
          requirement: 'SKSML-CLT-70',
        },
      );
    throw new KeyUnavailableError('CLIENT_KEY_MISSING', 'the answer holds no key for the request');
  }

  async function lookup(globalKeyId: string): Promise<KeyMaterial & { cached: boolean }> {
    const id = canonicalKeyId(globalKeyId);
    await ensurePolicies();
    const hit = await cache.get(id);
    if (hit !== undefined)
      return { globalKeyId: id, keyUsePolicy: hit.keyUsePolicy, key: hit.key, source: 'cache', cached: true };
    return adopt(firstKeyOrThrow(await settle(await client.getKey(id))));
  }

  const source: DataKeySource = {
    async *newKeys(keyClass) {
      await ensurePolicies();
      if (keyClass !== undefined) {
        // Cached keys of the class not yet used for any encryption (NewKeysCacheDetail).
        const candidates = (await cache.list()).filter((k) => k.keyClass === keyClass && k.kind === 'new');
        for (const candidate of candidates) {
          const hit = await cache.get(candidate.globalKeyId);
          if (hit !== undefined && hit.kind === 'new')
            yield {
              globalKeyId: hit.globalKeyId,
              keyUsePolicy: hit.keyUsePolicy,
              key: hit.key,
              source: 'cache',
            };
          else hit?.key.fill(0);
        }
      }
      const results = await settle(await client.requestNewKey(keyClass));
      yield await adopt(firstKeyOrThrow(results));
    },
    key: lookup,
  };

  return {
    async useKey(globalKeyId, context) {
      const material = await lookup(globalKeyId);
      try {
        return await keyUser.authorize(material, context);
      } finally {
        material.key.fill(0);
      }
    },
    encrypt: (data, encryptOptions = {}) => encryptData(source, keyUser, data, encryptOptions),
    decrypt: (input, decryptOptions = {}) => decryptData(source, keyUser, input, decryptOptions),
    async requestNewKeys(keyClasses) {
      await ensurePolicies();
      const results = await settle(
        keyClasses.length === 0 ? await client.requestNewKey() : await client.requestNewKeys(keyClasses),
      );
      const keys: HeldKey[] = [];
      for (const delivered of results.keys) {
        const m = await adopt(delivered);
        keys.push(new HeldKey(m));
      }
      return {
        keys,
        errors: results.errors.map((e) => ({
          ...(e.requestedKeyClass === undefined ? {} : { keyClass: e.requestedKeyClass }),
          errorCode: e.errorCode,
          errorMessage: e.errorMessage,
        })),
        pending: results.pending.map((p) => ({
          ...(p.requestedKeyClass === undefined ? {} : { keyClass: p.requestedKeyClass }),
          symkeyRequestId: formatSymkeyRequestID(p.symkeyRequestId),
          notBefore: p.notBefore,
        })),
      };
    },
    async getKey(globalKeyId) {
      return new HeldKey(await lookup(globalKeyId));
    },
    refreshKeyCachePolicies,
    close() {
      cache.close();
    },
  };
}
