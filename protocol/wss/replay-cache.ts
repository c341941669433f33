/**
 * Replay detection (SKSML-WSS-22): a verified message's SignatureValue (its decoded bytes, hashed,
 * so base64 whitespace variants of the same value collide) is remembered until the message could
 * no longer pass the freshness check. The cache is bounded; when it is full of live entries it
 * refuses new messages rather than forgetting old ones (fail closed).
 *
 * Sizing: an entry lives up to lifetime + skew (10 minutes with the profile's limits), so a
 * server must hold 600 s of its peak request rate: the default (1,000,000) covers ~1,600
 * requests/s sustained. Entries are kept small (~60 bytes: callers pass a 16-byte key, and the
 * expiry is stored in milliseconds after the cache's first use, a small integer V8 keeps inline)
 * because a large live set is also what the garbage collector has to mark.
 */

export type ReplayVerdict = 'stored' | 'replay' | 'full';

export interface ReplayCache {
  /** Records `key` until `expiresAtMs`, unless it is already recorded and live. */
  remember(key: string, expiresAtMs: number, nowMs: number): ReplayVerdict;
  readonly size: number;
}

export const DEFAULT_REPLAY_CACHE_ENTRIES = 1_000_000;

class MemoryReplayCache implements ReplayCache {
  /** key -> expiry in ms after `epochMs` (exact; small values stay unboxed). */
  private readonly entries = new Map<string, number>();
  private epochMs: number | undefined;
  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  remember(key: string, expiresAtMs: number, nowMsAbsolute: number): ReplayVerdict {
    this.epochMs ??= nowMsAbsolute;
    const nowMs = nowMsAbsolute - this.epochMs;
    const existing = this.entries.get(key);
    if (existing !== undefined && existing > nowMs) return 'replay';
    if (existing !== undefined) this.entries.delete(key);
    this.pruneOldest(nowMs, 8);
    if (this.entries.size >= this.maxEntries) {
      this.pruneAll(nowMs);
      if (this.entries.size >= this.maxEntries) return 'full';
    }
    this.entries.set(key, expiresAtMs - this.epochMs);
    return 'stored';
  }

  /** Drops expired entries at the head of the insertion order (cheap, amortised). */
  private pruneOldest(nowMs: number, budget: number): void {
    for (const [key, expiresAt] of this.entries) {
      if (budget-- <= 0 || expiresAt > nowMs) return;
      this.entries.delete(key);
    }
  }

  private pruneAll(nowMs: number): void {
    for (const [key, expiresAt] of this.entries) if (expiresAt <= nowMs) this.entries.delete(key);
  }
}

export function createReplayCache(options: { maxEntries?: number } = {}): ReplayCache {
  const maxEntries = options.maxEntries ?? DEFAULT_REPLAY_CACHE_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be >= 1');
  return new MemoryReplayCache(maxEntries);
}
