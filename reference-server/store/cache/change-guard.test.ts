/** The change guard and what it protects: values are kept only while nothing could have changed them. */
import { describe, expect, it } from 'vitest';
import { ChangeGuard, GuardedValue } from './change-guard.ts';
import { VerifiedReadCache } from './verified-read-cache.ts';

function setup() {
  const state = { dataVersion: 1 };
  const guard = new ChangeGuard(() => state.dataVersion);
  return { state, guard };
}

describe('GuardedValue', () => {
  it('keeps a value until another connection commits or the guard is invalidated', () => {
    const { state, guard } = setup();
    const value = new GuardedValue<string>(guard);
    value.set('head');
    expect(value.get()).toBe('head');
    state.dataVersion += 1;
    expect(value.get()).toBeUndefined();
    value.set('head 2');
    guard.invalidate();
    expect(value.get()).toBeUndefined();
    expect(new GuardedValue<string>(undefined).get()).toBeUndefined();
  });
});

describe('VerifiedReadCache', () => {
  it('remembers a read only if nothing changed during it, and serves it while nothing changes', () => {
    const { state, guard } = setup();
    const cache = new VerifiedReadCache(guard);
    const started = cache.begin();
    cache.remember('k', started, 'v');
    expect(cache.lookup('k')?.value).toBe('v');
    const late = cache.begin();
    guard.invalidate();
    cache.remember('k', late, 'stale');
    expect(cache.lookup('k')).toBeUndefined();
    cache.remember('k', cache.begin(), undefined);
    expect(cache.lookup('k')).toMatchObject({ value: undefined });
    state.dataVersion += 1;
    expect(cache.lookup('k')).toBeUndefined();
  });

  it('serves and remembers nothing while a write to a cached table is in flight', () => {
    const { guard } = setup();
    const cache = new VerifiedReadCache(guard);
    cache.remember('k', cache.begin(), 'old');
    const before = cache.begin();
    cache.beginWrite();
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.begin()).toBeUndefined();
    cache.remember('k', before, 'read before the write');
    cache.endWrite();
    expect(cache.lookup('k')).toBeUndefined();
    cache.remember('k', before, 'read before the write');
    expect(cache.lookup('k')).toBeUndefined();
    cache.remember('k', cache.begin(), 'new');
    expect(cache.lookup('k')?.value).toBe('new');
  });

  it('stays bounded and keeps nothing without a guard', () => {
    const { guard } = setup();
    const cache = new VerifiedReadCache(guard, 2);
    for (const k of ['a', 'b', 'c']) cache.remember(k, cache.begin(), k);
    expect(cache.lookup('c')?.value).toBe('c');
    expect(cache.lookup('a')).toBeUndefined();
    const none = new VerifiedReadCache(undefined);
    none.remember('a', none.begin(), 'a');
    expect(none.lookup('a')).toBeUndefined();
  });
});
