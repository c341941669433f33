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
/** The tags of text, byte-string and list heads (exported for the strict decoders of stored values). */
export const TAG_TEXT = 0x04;
export const TAG_BYTES = 0x05;
export const TAG_LIST = 0x06;

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

/** Strings up to this length are tried as ASCII by a plain loop (a native call costs more). */
const SHORT_TEXT = 64;
const INITIAL_BYTES = 4096;
/** A scratch buffer larger than this (after an unusually large value) is not kept. */
const MAX_KEPT_BYTES = 256 * 1024;

/**
 * Writes one encoding in a single pass into a scratch buffer that grows as needed; `finish()`
 * copies the bytes out. Values are checked as they are written, in the order a recursive walk
 * meets them (so the first bad value decides the error, as before).
 */
export class CanonicalWriter {
  private buf = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private at = 0;

  private ensure(bytes: number): void {
    const need = this.at + bytes;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private head(tag: number, length: number): void {
    const buf = this.buf;
    const at = this.at;
    buf[at] = tag;
    buf[at + 1] = length >>> 24;
    buf[at + 2] = (length >>> 16) & 0xff;
    buf[at + 3] = (length >>> 8) & 0xff;
    buf[at + 4] = length & 0xff;
    this.at = at + 5;
  }

  /** A list of `count` items: the caller writes exactly `count` values after it. */
  list(count: number): this {
    this.ensure(5);
    this.head(TAG_LIST, count);
    return this;
  }

  text(value: string): this {
    const n = value.length;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.ensure(5 + 3 * n);
    const buf = this.buf;
    const start = this.at + 5;
    if (n <= SHORT_TEXT) {
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        this.head(TAG_TEXT, n);
        this.at = start + n;
        return this;
      }
    }
    const length = buf.write(value, start, 'utf8');
    this.head(TAG_TEXT, length);
    this.at = start + length;
    return this;
  }

  integer(value: number | bigint): this {
    const digits = integerDigits(value);
    const n = digits.length;
    this.ensure(5 + n);
    this.head(TAG_INTEGER, n);
    const buf = this.buf;
    const at = this.at;
    for (let i = 0; i < n; i++) buf[at + i] = digits.charCodeAt(i);
    this.at = at + n;
    return this;
  }

  bytes(value: Uint8Array): this {
    const n = value.length;
    this.ensure(5 + n);
    this.head(TAG_BYTES, n);
    this.buf.set(value, this.at);
    this.at += n;
    return this;
  }

  /** Any value tree. */
  value(value: CanonicalValue): this {
    if (value === null || value === false || value === true) {
      this.ensure(1);
      this.buf[this.at++] = value === null ? TAG_NULL : value ? TAG_TRUE : TAG_FALSE;
    } else if (typeof value === 'number' || typeof value === 'bigint') this.integer(value);
    else if (typeof value === 'string') this.text(value);
    else if (value instanceof Uint8Array) this.bytes(value);
    else if (Array.isArray(value)) {
      const items = value as readonly CanonicalValue[];
      this.list(items.length);
      for (const item of items) this.value(item);
    } else throw new CanonicalEncodingError(`cannot encode a value of type ${typeof value}`);
    return this;
  }

  /** The bytes written so far, as a new array; the writer starts over. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.at);
    this.buf.copy(out, 0, 0, this.at);
    this.at = 0;
    return out;
  }

  /** Forgets what was written (after a failure), and a scratch buffer grown unusually large. */
  reset(): void {
    this.at = 0;
    if (this.buf.length > MAX_KEPT_BYTES) this.buf = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  }
}

/** The writer encodings share (they run synchronously, so one at a time). */
let shared: CanonicalWriter | undefined = new CanonicalWriter();

/**
 * Encodes what `write` writes (one value, usually a list) with a scratch writer. Callers that
 * know their value's shape write it part by part, without building the value tree first; the
 * bytes are those `encodeCanonical` gives for the equal tree.
 */
export function encodeCanonicalWith(write: (writer: CanonicalWriter) => void): Uint8Array {
  // A nested call (from inside `write`) gets a writer of its own.
  const writer = shared ?? new CanonicalWriter();
  shared = undefined;
  try {
    write(writer);
    return writer.finish();
  } finally {
    writer.reset();
    shared = writer;
  }
}

/** Encodes one value tree. */
export function encodeCanonical(value: CanonicalValue): Uint8Array {
  return encodeCanonicalWith((w) => w.value(value));
}
