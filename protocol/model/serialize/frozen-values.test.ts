import { describe, expect, it } from 'vitest';
import { deepFreeze, isDeeplyFrozen } from './frozen-values.ts';

describe('deeply frozen values', () => {
  it('accepts primitives and deeply frozen plain objects and arrays, shared or cyclic', () => {
    expect(isDeeplyFrozen(3)).toBe(true);
    expect(isDeeplyFrozen('x')).toBe(true);
    expect(isDeeplyFrozen(10n)).toBe(true);
    expect(isDeeplyFrozen(null)).toBe(true);
    const shared = { a: [1, 2] };
    expect(isDeeplyFrozen(deepFreeze({ x: shared, y: shared, z: [shared] }))).toBe(true);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(isDeeplyFrozen(deepFreeze(cyclic))).toBe(true);
    expect(isDeeplyFrozen(deepFreeze(Object.create(null) as object))).toBe(true);
  });

  it('refuses anything that could still change or compute another answer', () => {
    expect(isDeeplyFrozen({ a: 1 })).toBe(false);
    expect(isDeeplyFrozen(Object.freeze({ a: { b: 1 } }))).toBe(false);
    expect(isDeeplyFrozen(Object.freeze([{ b: 1 }]))).toBe(false);
    // A typed array cannot be frozen: a policy holding one is frozen but not deeply.
    const withBytes = deepFreeze({ digest: { value: new Uint8Array([1, 2]) } });
    expect(Object.isFrozen(withBytes.digest)).toBe(true);
    expect(isDeeplyFrozen(withBytes)).toBe(false);
    let n = 0;
    const getter = Object.freeze(Object.defineProperty({}, 'v', { get: () => (n += 1), enumerable: true }));
    expect(isDeeplyFrozen(getter)).toBe(false);
    expect(isDeeplyFrozen(Object.freeze({ f: () => 1 }))).toBe(false);
    class Box {
      constructor(readonly v: number) {}
    }
    expect(isDeeplyFrozen(Object.freeze(new Box(1)))).toBe(false);
    expect(isDeeplyFrozen(Object.freeze(new Map()))).toBe(false);
  });

  it('deepFreeze freezes every reachable plain object and array and returns its argument', () => {
    const value = { a: [{ b: 'c' }], d: { e: new Uint8Array(1) } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a[0])).toBe(true);
    expect(Object.isFrozen(value.d)).toBe(true);
    expect(() => {
      (value.a as unknown[]).push(1);
    }).toThrow(TypeError);
    value.d.e[0] = 9; // typed arrays stay writable
    expect(value.d.e[0]).toBe(9);
  });
});
