/**
 * Deeply frozen values: the condition under which a serializer may remember what it built from a
 * value. A value is deeply frozen when it is a primitive, or a frozen plain object or array (own
 * data properties only, prototype Object.prototype, Array.prototype or null) whose property values
 * are all deeply frozen. Such a value can never change again (freezing cannot be undone, and there
 * are no getters to compute a different answer), so anything built from it by a pure function is
 * the same on every later call. Typed arrays (e.g. a DigestValue) cannot be frozen and never count.
 */

const PLAIN_PROTOTYPES: readonly unknown[] = [Object.prototype, Array.prototype, null];

/** Values already found deeply frozen (a frozen value stays frozen: remembering it is exact). */
const KNOWN = new WeakSet<object>();

function isFrozenPlain(value: object): boolean {
  if (!Object.isFrozen(value) || ArrayBuffer.isView(value)) return false;
  if (!PLAIN_PROTOTYPES.includes(Object.getPrototypeOf(value))) return false;
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) return false;
  }
  return true;
}

/** True when `value` is deeply frozen (see above). Handles shared and cyclic references. */
export function isDeeplyFrozen(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return true;
  if (typeof value === 'function') return false;
  if (KNOWN.has(value)) return true;
  const seen = new Set<object>();
  const stack: object[] = [value];
  while (stack.length > 0) {
    const current = stack.pop() as object;
    if (seen.has(current) || KNOWN.has(current)) continue;
    seen.add(current);
    if (!isFrozenPlain(current)) return false;
    for (const key of Reflect.ownKeys(current)) {
      const child: unknown = (current as Record<PropertyKey, unknown>)[key];
      if (typeof child === 'function') return false;
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  for (const checked of seen) KNOWN.add(checked);
  return true;
}

/**
 * Freezes `value` and every plain object and array it reaches; typed arrays are left as they are
 * (they cannot be frozen), so a value holding one is frozen but not deeply frozen. Returns `value`.
 */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (ArrayBuffer.isView(current)) continue;
    Object.freeze(current);
    for (const key of Reflect.ownKeys(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, key);
      if (descriptor !== undefined && 'value' in descriptor) stack.push(descriptor.value);
    }
  }
  return value;
}
