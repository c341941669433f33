/**
 * The canonical, unambiguous byte encoding that every seal (row MAC, journal entry, audit entry,
 * checkpoint) is computed over. Each value is a type tag followed, where needed, by a 4-byte
 * big-endian length and the value's bytes; lists carry their item count. No two different value
 * trees encode to the same bytes, so a seal over the encoding binds the exact values, including
 * which column a value sits in and where one value ends (see spec/store.md §Sealing).
 */

/** A value that can be sealed: integers as number (safe integers only) or bigint, text, bytes, lists. */
export type CanonicalValue =
  null | boolean | number | bigint | string | Uint8Array | readonly CanonicalValue[];

const TAG_NULL = 0x00;
const TAG_FALSE = 0x01;
const TAG_TRUE = 0x02;
const TAG_INTEGER = 0x03;
const TAG_TEXT = 0x04;
const TAG_BYTES = 0x05;
const TAG_LIST = 0x06;

/** Thrown for a value the encoding does not accept (a fraction, NaN, an unsafe integer). */
export class CanonicalEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalEncodingError';
  }
}

function lengthPrefix(tag: number, length: number): Uint8Array {
  const head = new Uint8Array(5);
  head[0] = tag;
  new DataView(head.buffer).setUint32(1, length);
  return head;
}

function pushValue(out: Uint8Array[], value: CanonicalValue): void {
  if (value === null) out.push(Uint8Array.of(TAG_NULL));
  else if (value === false) out.push(Uint8Array.of(TAG_FALSE));
  else if (value === true) out.push(Uint8Array.of(TAG_TRUE));
  else if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isSafeInteger(value))
      throw new CanonicalEncodingError('only safe integers can be encoded');
    // Integers are written in decimal, so 5 and 5n (a number and a bigint) encode alike.
    const digits = new TextEncoder().encode(BigInt(value).toString(10));
    out.push(lengthPrefix(TAG_INTEGER, digits.length), digits);
  } else if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    out.push(lengthPrefix(TAG_TEXT, bytes.length), bytes);
  } else if (value instanceof Uint8Array) {
    out.push(lengthPrefix(TAG_BYTES, value.length), value);
  } else if (Array.isArray(value)) {
    out.push(lengthPrefix(TAG_LIST, value.length));
    for (const item of value as readonly CanonicalValue[]) pushValue(out, item);
  } else {
    throw new CanonicalEncodingError(`cannot encode a value of type ${typeof value}`);
  }
}

/** Encodes one value tree. */
export function encodeCanonical(value: CanonicalValue): Uint8Array {
  const parts: Uint8Array[] = [];
  pushValue(parts, value);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
