import {
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cachePolicy,
  clientCredentials,
  keyEntry,
  manualClock,
  tamperLog,
  tempDir,
  type TempDir,
} from './cache-test-support.ts';
import type { CacheTamperReason, KeyCacheInput } from './cache-types.ts';
import { createFileKeyCacheStore } from './file-key-cache-store.ts';
import { createKeyCache, type KeyCache } from './key-cache.ts';
import { createMemoryKeyCacheStore } from './memory-key-cache-store.ts';

const dirs: TempDir[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

interface Fixture {
  readonly dir: string;
  readonly entries: KeyCacheInput[];
  reopen(
    credentialIndex?: number,
  ): Promise<{ cache: KeyCache; events: { globalKeyId: string; reason: CacheTamperReason }[] }>;
}

/** A file cache holding keys 10514-1-1 .. 10514-1-n, closed. */
async function filled(n = 2, decryptOn: 'open' | 'get' = 'open'): Promise<Fixture> {
  const dir = tempDir();
  dirs.push(dir);
  const clock = manualClock();
  const cache = await createKeyCache({
    store: await createFileKeyCacheStore(dir.path),
    credentials: clientCredentials(0),
    clock,
    policies: [cachePolicy()],
    decryptOn,
  });
  const entries = Array.from({ length: n }, (_, i) => keyEntry(i + 1));
  for (const e of entries) expect((await cache.put(e)).cached).toBe(true);
  cache.close();
  return {
    dir: dir.path,
    entries,
    async reopen(credentialIndex = 0) {
      const log = tamperLog();
      const again = await createKeyCache({
        store: await createFileKeyCacheStore(dir.path),
        credentials: clientCredentials(credentialIndex),
        clock,
        onCacheTamper: log.handler,
        decryptOn,
      });
      return { cache: again, events: log.events };
    },
  };
}

const entryFile = (dir: string, id: string): string => join(dir, `${id}.entry`);

function mutate(path: string, change: (bytes: Buffer) => Buffer): void {
  writeFileSync(path, change(readFileSync(path)));
}

function flip(offset: (length: number) => number): (bytes: Buffer) => Buffer {
  return (bytes) => {
    const copy = Buffer.from(bytes);
    const at = offset(copy.length);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
}

async function expectDiscarded(fixture: Fixture, id: string, reason: CacheTamperReason): Promise<KeyCache> {
  const { cache, events } = await fixture.reopen();
  expect(events).toContainEqual({ globalKeyId: id, reason });
  expect(await cache.get(id)).toBeUndefined();
  expect(cache.stats().tamperEvents).toBe(events.length);
  expect(cache.stats().byReason[reason]).toBeGreaterThanOrEqual(1);
  // The discarded entry is gone from disk; the untouched one still reads.
  expect(readdirSync(fixture.dir)).not.toContain(`${id}.entry`);
  return cache;
}

describe.each(['open', 'get'] as const)('tampering at rest (decrypt on %s)', (decryptOn) => {
  // Layout: magic 8 | version 8 | id length 1 | id | nonce 12 | ciphertext | tag 16 | HMAC 32.
  it('a flipped ciphertext byte is discarded and reported', async () => {
    const f = await filled(2, decryptOn);
    mutate(
      entryFile(f.dir, '10514-1-1'),
      flip((n) => n - 32 - 16 - 5),
    );
    const cache = await expectDiscarded(f, '10514-1-1', 'mac-mismatch');
    expect(await cache.get('10514-1-2')).toBeDefined();
  });

  it('a flipped tag byte is discarded and reported', async () => {
    const f = await filled(2, decryptOn);
    mutate(
      entryFile(f.dir, '10514-1-1'),
      flip((n) => n - 32 - 3),
    );
    await expectDiscarded(f, '10514-1-1', 'mac-mismatch');
  });

  it('a flipped header byte (version) is discarded and reported', async () => {
    const f = await filled(2, decryptOn);
    mutate(
      entryFile(f.dir, '10514-1-1'),
      flip(() => 12),
    );
    await expectDiscarded(f, '10514-1-1', 'mac-mismatch');
  });

  it('a flipped MAC byte is discarded and reported', async () => {
    const f = await filled(2, decryptOn);
    mutate(
      entryFile(f.dir, '10514-1-2'),
      flip((n) => n - 1),
    );
    await expectDiscarded(f, '10514-1-2', 'mac-mismatch');
  });

  it('a truncated entry is discarded and reported', async () => {
    const f = await filled(2, decryptOn);
    mutate(entryFile(f.dir, '10514-1-1'), (b) => b.subarray(0, 40));
    await expectDiscarded(f, '10514-1-1', 'truncated');
    mutate(entryFile(f.dir, '10514-1-2'), (b) => b.subarray(0, b.length - 1));
    await expectDiscarded(f, '10514-1-2', 'mac-mismatch');
  });

  it('two swapped entry files are both discarded (each names another GlobalKeyID)', async () => {
    const f = await filled(2, decryptOn);
    const a = entryFile(f.dir, '10514-1-1');
    const b = entryFile(f.dir, '10514-1-2');
    renameSync(a, `${a}.x`);
    renameSync(b, a);
    renameSync(`${a}.x`, b);
    const { cache, events } = await f.reopen();
    expect(events).toEqual(
      expect.arrayContaining([
        { globalKeyId: '10514-1-1', reason: 'id-mismatch' },
        { globalKeyId: '10514-1-2', reason: 'id-mismatch' },
      ]),
    );
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(await cache.get('10514-1-2')).toBeUndefined();
  });

  it('an entry renamed to an id the cache never held is discarded', async () => {
    const f = await filled(1, decryptOn);
    renameSync(entryFile(f.dir, '10514-1-1'), entryFile(f.dir, '10514-1-99'));
    const { cache, events } = await f.reopen();
    expect(events).toEqual(
      expect.arrayContaining([
        { globalKeyId: '10514-1-99', reason: 'id-mismatch' },
        { globalKeyId: '10514-1-1', reason: 'missing' },
      ]),
    );
    expect(await cache.list()).toEqual([]);
  });

  it('an older version of the same entry put back is detected as a rollback', async () => {
    const f = await filled(1, decryptOn);
    const path = entryFile(f.dir, '10514-1-1');
    const old = readFileSync(path);
    const { cache } = await f.reopen();
    await cache.updateState('10514-1-1', { firstUseAt: new Date(), encryptionsPerformed: 5n });
    cache.close();
    writeFileSync(path, old);
    const again = await expectDiscarded(f, '10514-1-1', 'rollback');
    expect(await again.list()).toEqual([]);
  });

  it('a deleted entry restored from a copy is refused as unindexed', async () => {
    const f = await filled(2, decryptOn);
    const path = entryFile(f.dir, '10514-1-1');
    const copy = readFileSync(path);
    const { cache } = await f.reopen();
    expect(await cache.delete('10514-1-1')).toBe(true);
    cache.close();
    writeFileSync(path, copy);
    await expectDiscarded(f, '10514-1-1', 'unindexed');
  });

  it('a tampered index discards every entry and the cache starts over', async () => {
    const f = await filled(2, decryptOn);
    mutate(
      join(f.dir, 'index.skc'),
      flip((n) => n - 40),
    );
    const { cache, events } = await f.reopen();
    expect(events).toEqual(
      expect.arrayContaining([
        { globalKeyId: '*', reason: 'index-invalid' },
        { globalKeyId: '10514-1-1', reason: 'index-invalid' },
        { globalKeyId: '10514-1-2', reason: 'index-invalid' },
      ]),
    );
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(readdirSync(f.dir).filter((n) => n.endsWith('.entry'))).toEqual([]);
    // A new cache works (policies were lost with the index, so they must be set again).
    expect(cache.needsPolicyRefresh()).toBe(true);
    await cache.setPolicies([cachePolicy()]);
    expect((await cache.put(keyEntry(5))).cached).toBe(true);
  });

  it('a deleted index discards every entry', async () => {
    const f = await filled(1, decryptOn);
    unlinkSync(join(f.dir, 'index.skc'));
    const { cache, events } = await f.reopen();
    expect(events).toContainEqual({ globalKeyId: '10514-1-1', reason: 'index-invalid' });
    expect(await cache.get('10514-1-1')).toBeUndefined();
  });

  it("another client's credentials cannot read the entries (reported, not crashed)", async () => {
    const f = await filled(2, decryptOn);
    const { cache, events } = await f.reopen(1);
    expect(events).toEqual(
      expect.arrayContaining([
        { globalKeyId: '*', reason: 'credentials-mismatch' },
        { globalKeyId: '10514-1-1', reason: 'credentials-mismatch' },
        { globalKeyId: '10514-1-2', reason: 'credentials-mismatch' },
      ]),
    );
    await cache.setPolicies([cachePolicy()]);
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(await cache.list()).toEqual([]);
  });

  it("another client's key with a forged fingerprint still fails the MAC", async () => {
    const f = await filled(1, decryptOn);
    // Write the other client's fingerprint into the clear header: the index MAC then fails for it.
    const other = await import('./cache-keys.ts').then((m) => m.fingerprintCredentials(clientCredentials(1)));
    mutate(join(f.dir, 'index.skc'), (b) => {
      const copy = Buffer.from(b);
      other.copy(copy, 8 + 16);
      return copy;
    });
    const { cache, events } = await f.reopen(1);
    expect(events).toContainEqual({ globalKeyId: '10514-1-1', reason: 'index-invalid' });
    expect(await cache.list()).toEqual([]);
  });

  it('garbage, empty files, directories and symlinks never crash the cache', async () => {
    const f = await filled(1, decryptOn);
    writeFileSync(entryFile(f.dir, '10514-1-50'), Buffer.alloc(0));
    writeFileSync(entryFile(f.dir, '10514-1-51'), Buffer.from('not a cache entry at all, just text'));
    symlinkSync('/etc/passwd', entryFile(f.dir, '10514-1-52'));
    writeFileSync(join(f.dir, 'unrelated.txt'), 'ignored');
    writeFileSync(join(f.dir, '.index.skc.abc.tmp'), 'leftover of an interrupted write');
    const { cache, events } = await f.reopen();
    expect(events).toEqual(
      expect.arrayContaining([
        { globalKeyId: '10514-1-50', reason: 'truncated' },
        { globalKeyId: '10514-1-51', reason: 'truncated' },
        { globalKeyId: '10514-1-52', reason: 'truncated' },
      ]),
    );
    expect(await cache.get('10514-1-1')).toBeDefined();
    expect(readdirSync(f.dir)).not.toContain('.index.skc.abc.tmp');
  });
});

describe('rollback while open', () => {
  it('an older version put back while the cache is open is detected on get (decrypt on get)', async () => {
    const f = await filled(1, 'get');
    const path = entryFile(f.dir, '10514-1-1');
    const old = readFileSync(path);
    const { cache, events } = await f.reopen();
    await cache.updateState('10514-1-1', { encryptionsPerformed: 5n });
    writeFileSync(path, old);
    expect(await cache.get('10514-1-1')).toBeUndefined();
    expect(events).toContainEqual({ globalKeyId: '10514-1-1', reason: 'rollback' });
  });
});

describe('at-rest properties of the file store', () => {
  it('no plaintext key bytes (nor their base64 or hex) appear in any cache file', async () => {
    const f = await filled(5);
    const files = readdirSync(f.dir).map((n) => readFileSync(join(f.dir, n)));
    expect(files.length).toBe(6);
    for (const e of f.entries) {
      const key = Buffer.from(e.key);
      for (const needle of [
        key,
        key.subarray(0, 8),
        Buffer.from(key.toString('base64')),
        Buffer.from(key.toString('hex')),
      ])
        for (const file of files) expect(file.includes(needle)).toBe(false);
    }
    // The KeyUsePolicy XML is encrypted too (the index holds only KeyCachePolicies, MACed).
    for (const file of files) {
      expect(file.includes(Buffer.from('KeyUsePolicy'))).toBe(false);
      expect(file.includes(Buffer.from('Default policy'))).toBe(false);
    }
  });

  it('files are 0600, the directory 0700, and no temporary file is left', async () => {
    const f = await filled(2);
    expect(statSync(f.dir).mode & 0o777).toBe(0o700);
    const names = readdirSync(f.dir);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
    for (const n of names) expect(statSync(join(f.dir, n)).mode & 0o777).toBe(0o600);
  });
});

describe('property: any corruption of a stored entry is refused, never returned', () => {
  it('random byte edits, truncations and extensions of an entry', async () => {
    const store = createMemoryKeyCacheStore();
    const credentials = clientCredentials(0);
    const writer = await createKeyCache({ store, credentials, policies: [cachePolicy()] });
    const entry = keyEntry(1);
    await writer.put(entry);
    writer.close();
    const pristine = Uint8Array.from(store.blobs.get('10514-1-1')!);
    const pristineIndex = Uint8Array.from(store.index!);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            kind: fc.constant('flip' as const),
            at: fc.nat(),
            bits: fc.integer({ min: 1, max: 255 }),
          }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({
            kind: fc.constant('append' as const),
            extra: fc.uint8Array({ minLength: 1, maxLength: 40 }),
          }),
        ),
        async (edit) => {
          let bytes = Uint8Array.from(pristine);
          if (edit.kind === 'flip') {
            const at = edit.at % bytes.length;
            bytes[at] = bytes[at]! ^ edit.bits;
          } else if (edit.kind === 'cut') bytes = bytes.subarray(0, edit.at % bytes.length);
          else bytes = Uint8Array.from([...bytes, ...edit.extra]);
          store.blobs.set('10514-1-1', bytes);
          store.index = Uint8Array.from(pristineIndex);
          const log = tamperLog();
          const reader = await createKeyCache({ store, credentials, onCacheTamper: log.handler });
          const got = await reader.get('10514-1-1');
          reader.close();
          expect(got).toBeUndefined();
          expect(log.events.length).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
