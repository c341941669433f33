/**
 * The signed index of a cache: which entries exist and at which version, the index generation
 * (a counter that only grows), and the KeyCachePolicies last fetched.
 *
 *   "SKSMLCI1" | cache id 16 | key fingerprint 32 | body length u32 BE | body (JSON) | HMAC 32
 *
 * The cache id and fingerprint are read before the MAC can be checked (the MAC key is derived
 * from the cache id), so `peekIndexHeader` trusts nothing, and `openIndex` verifies everything.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyUseState } from '../../protocol/policy/key-use-types.ts';
import { CACHE_ID_LENGTH, type CacheKeys } from './cache-keys.ts';

const MAGIC = Buffer.from('SKSMLCI1', 'ascii');
const FINGERPRINT = 32;
const MAC = 32;
const HEAD = MAGIC.length + CACHE_ID_LENGTH + FINGERPRINT + 4;

export interface IndexBody {
  /** Bumped on every change; every entry version is a generation number. */
  readonly generation: bigint;
  /** GlobalKeyID → version of its current entry. */
  readonly entries: ReadonlyMap<string, bigint>;
  /** The KeyCachePolicyResponse last fetched (XML) and when (epoch ms). */
  readonly policies?: { readonly xml: string; readonly fetchedAt: number };
  /** KeyUsePolicy state of every key used so far, cached or not (survives eviction). */
  readonly usage: ReadonlyMap<string, KeyUseState>;
}

export interface IndexHeader {
  readonly cacheId: Buffer;
  readonly keyFingerprint: Buffer;
}

interface UsageJson {
  readonly firstUseAt: number | null;
  readonly encryptionsPerformed: string;
}

interface BodyJson {
  readonly generation: string;
  readonly entries: Readonly<Record<string, string>>;
  readonly policies?: { readonly xml: string; readonly fetchedAt: number };
  readonly usage?: Readonly<Record<string, UsageJson>>;
}

function usageToJson(state: KeyUseState): UsageJson {
  return {
    firstUseAt: state.firstUseAt?.getTime() ?? null,
    encryptionsPerformed: state.encryptionsPerformed.toString(),
  };
}

function usageFromJson(json: unknown): KeyUseState | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { firstUseAt, encryptionsPerformed } = json as Partial<UsageJson>;
  const count = readVersion(encryptionsPerformed);
  if (count === undefined) return undefined;
  if (firstUseAt === null || firstUseAt === undefined) return { encryptionsPerformed: count };
  if (!Number.isSafeInteger(firstUseAt) || Math.abs(firstUseAt) > 8.64e15) return undefined;
  return { firstUseAt: new Date(firstUseAt), encryptionsPerformed: count };
}

export function sealIndex(keys: CacheKeys, cacheId: Uint8Array, index: IndexBody): Buffer {
  const json: BodyJson = {
    generation: index.generation.toString(),
    entries: Object.fromEntries([...index.entries].map(([id, v]) => [id, v.toString()])),
    ...(index.policies ? { policies: index.policies } : {}),
    usage: Object.fromEntries([...index.usage].map(([id, state]) => [id, usageToJson(state)])),
  };
  const body = Buffer.from(JSON.stringify(json), 'utf8');
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  Buffer.from(cacheId).copy(head, MAGIC.length);
  keys.keyFingerprint.copy(head, MAGIC.length + CACHE_ID_LENGTH);
  head.writeUInt32BE(body.length, HEAD - 4);
  const signed = Buffer.concat([head, body]);
  return Buffer.concat([signed, createHmac('sha256', keys.macKey).update(signed).digest()]);
}

/** The unauthenticated header, or undefined when the bytes are not an index at all. */
export function peekIndexHeader(bytes: Uint8Array): IndexHeader | undefined {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < HEAD + MAC || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  return {
    cacheId: Buffer.from(file.subarray(MAGIC.length, MAGIC.length + CACHE_ID_LENGTH)),
    keyFingerprint: Buffer.from(file.subarray(MAGIC.length + CACHE_ID_LENGTH, HEAD - 4)),
  };
}

const DECIMAL = /^(?:0|[1-9][0-9]{0,19})$/;

function readVersion(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || !DECIMAL.test(text)) return undefined;
  const value = BigInt(text);
  return value <= 0xffffffffffffffffn ? value : undefined;
}

/** The verified body, or undefined when the MAC or any field is wrong. */
export function openIndex(keys: CacheKeys, bytes: Uint8Array): IndexBody | undefined {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < HEAD + MAC) return undefined;
  const signed = file.subarray(0, file.length - MAC);
  const expected = createHmac('sha256', keys.macKey).update(signed).digest();
  if (!timingSafeEqual(expected, file.subarray(file.length - MAC))) return undefined;
  if (!signed.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (signed.readUInt32BE(HEAD - 4) !== signed.length - HEAD) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(signed.toString('utf8', HEAD));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { generation, entries, policies, usage } = json as Partial<BodyJson>;
  const gen = readVersion(generation);
  if (gen === undefined || typeof entries !== 'object' || entries === null) return undefined;
  const map = new Map<string, bigint>();
  for (const [id, v] of Object.entries(entries)) {
    const version = readVersion(v);
    if (version === undefined || version > gen) return undefined;
    map.set(id, version);
  }
  const usageMap = new Map<string, KeyUseState>();
  if (usage !== undefined) {
    if (typeof usage !== 'object' || usage === null) return undefined;
    for (const [id, u] of Object.entries(usage)) {
      const state = usageFromJson(u);
      if (state === undefined) return undefined;
      usageMap.set(id, state);
    }
  }
  if (policies !== undefined) {
    if (
      typeof policies !== 'object' ||
      policies === null ||
      typeof policies.xml !== 'string' ||
      !Number.isSafeInteger(policies.fetchedAt)
    )
      return undefined;
    return {
      generation: gen,
      entries: map,
      policies: { xml: policies.xml, fetchedAt: policies.fetchedAt },
      usage: usageMap,
    };
  }
  return { generation: gen, entries: map, usage: usageMap };
}
