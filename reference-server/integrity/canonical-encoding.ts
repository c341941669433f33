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

/** The decimal digits of an integer: 5 and 5n (a number and a bigint) encode alike. */
function integerDigits(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new CanonicalEncodingError('only safe integers can be encoded');
  // A safe integer's String() is its plain decimal form (no exponent; -0 gives "0").
  return typeof value === 'number' ? String(value) : value.toString(10);
}

/** Bytes `value` encodes to (validating it on the way). */
function sizeOf(value: CanonicalValue): number {
  if (value === null || value === false || value === true) return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 5 + integerDigits(value).length;
  if (typeof value === 'string') return 5 + Buffer.byteLength(value, 'utf8');
  if (value instanceof Uint8Array) return 5 + value.length;
  if (Array.isArray(value)) {
    let n = 5;
    for (const item of value as readonly CanonicalValue[]) n += sizeOf(item);
    return n;
  }
  throw new CanonicalEncodingError(`cannot encode a value of type ${typeof value}`);
}

function writeHead(out: Buffer, offset: number, tag: number, length: number): number {
  out[offset] = tag;
  out.writeUInt32BE(length, offset + 1);
  return offset + 5;
}

/** Writes `value` at `offset` (sizeOf has validated it); returns the offset after it. */
function writeValue(out: Buffer, offset: number, value: CanonicalValue): number {
  if (value === null) out[offset] = TAG_NULL;
  else if (value === false) out[offset] = TAG_FALSE;
  else if (value === true) out[offset] = TAG_TRUE;
  else if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = integerDigits(value);
    const at = writeHead(out, offset, TAG_INTEGER, digits.length);
    return at + out.write(digits, at, 'latin1');
  } else if (typeof value === 'string') {
    const length = Buffer.byteLength(value, 'utf8');
    const at = writeHead(out, offset, TAG_TEXT, length);
    return at + out.write(value, at, length, 'utf8');
  } else if (value instanceof Uint8Array) {
    const at = writeHead(out, offset, TAG_BYTES, value.length);
    out.set(value, at);
    return at + value.length;
  } else {
    const items = value;
    let at = writeHead(out, offset, TAG_LIST, items.length);
    for (const item of items) at = writeValue(out, at, item);
    return at;
  }
  return offset + 1;
}

/** Encodes one value tree (measured first, then written into one buffer). */
export function encodeCanonical(value: CanonicalValue): Uint8Array {
  const out = new Uint8Array(sizeOf(value));
  const view = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  const end = writeValue(view, 0, value);
  if (end !== out.length) throw new CanonicalEncodingError('internal: encoded size mismatch');
  return out;
}
