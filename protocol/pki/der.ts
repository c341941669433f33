/**
 * A small, strict DER reader and writer: just enough ASN.1 to build X.509 certificates and to read
 * the fields node:crypto does not expose (basicConstraints, keyUsage bits, key identifiers).
 * The reader refuses indefinite lengths, non-minimal lengths and trailing bytes.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One decoded TLV. `bytes` is the whole encoding (tag, length, content); `content` the value. */
export interface DerNode {
  readonly tag: number;
  readonly bytes: Uint8Array;
  readonly content: Uint8Array;
}

export class DerError extends Error {
  override readonly name = 'DerError';
}

const MAX_LENGTH_BYTES = 4; // lengths above 2^32 never occur in a certificate

function readHeader(input: Uint8Array, offset: number): { tag: number; start: number; end: number } {
  if (offset + 2 > input.length) throw new DerError('truncated DER header');
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  const first = input[offset + 1]!;
  let length: number;
  let start: number;
  if (first < 0x80) {
    length = first;
    start = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > MAX_LENGTH_BYTES) throw new DerError('length too large');
    if (offset + 2 + count > input.length) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[offset + 2 + i]!;
    if (input[offset + 2] === 0 || length < 0x80) throw new DerError('non-minimal DER length');
    start = offset + 2 + count;
  }
  const end = start + length;
  if (end > input.length) throw new DerError('DER value runs past its container');
  return { tag, start, end };
}

/** Decodes exactly one TLV spanning all of `input`. */
export function decodeDer(input: Uint8Array): DerNode {
  const { tag, start, end } = readHeader(input, 0);
  if (end !== input.length) throw new DerError('trailing bytes after DER value');
  return { tag, bytes: input.subarray(0, end), content: input.subarray(start, end) };
}

/** The children of a constructed node, in order. */
export function readChildren(node: DerNode): DerNode[] {
  if ((node.tag & 0x20) === 0) throw new DerError('primitive DER value has no children');
  const out: DerNode[] = [];
  const c = node.content;
  let offset = 0;
  while (offset < c.length) {
    const { tag, start, end } = readHeader(c, offset);
    out.push({ tag, bytes: c.subarray(offset, end), content: c.subarray(start, end) });
    offset = end;
  }
  return out;
}

/** Children of a node that must have `tag`. */
export function expectChildren(node: DerNode | undefined, tag: number, what: string): DerNode[] {
  return readChildren(expectTag(node, tag, what));
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node === undefined) throw new DerError(`missing ${what}`);
  if (node.tag !== tag) throw new DerError(`${what}: unexpected tag 0x${node.tag.toString(16)}`);
  return node;
}

export function readOid(node: DerNode | undefined, what = 'OID'): string {
  const c = expectTag(node, TAG.OID, what).content;
  if (c.length === 0) throw new DerError(`${what}: empty OID`);
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (value === 0 && b === 0x80) throw new DerError(`${what}: non-minimal OID arc`);
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError(`${what}: OID arc too large`);
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (i === c.length - 1) {
      throw new DerError(`${what}: truncated OID`);
    }
  }
  const head = arcs.shift()!;
  const firstArc = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [firstArc, head - firstArc * 40, ...arcs].join('.');
}

export function readBoolean(node: DerNode | undefined, what = 'BOOLEAN'): boolean {
  const c = expectTag(node, TAG.BOOLEAN, what).content;
  if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw new DerError(`${what}: not a DER BOOLEAN`);
  return c[0] === 0xff;
}

/** A non-negative INTEGER small enough for a JS number (path lengths, versions). */
export function readSmallInteger(node: DerNode | undefined, what = 'INTEGER'): number {
  const c = expectTag(node, TAG.INTEGER, what).content;
  if (c.length === 0 || c.length > 6) throw new DerError(`${what}: unsupported INTEGER size`);
  if ((c[0]! & 0x80) !== 0) throw new DerError(`${what}: negative INTEGER`);
  let v = 0;
  for (const b of c) v = v * 256 + b;
  return v;
}

/** Bits of a BIT STRING, most significant first (bit 0 is the first named bit). */
export function readBitString(
  node: DerNode | undefined,
  what = 'BIT STRING',
): { bits: boolean[]; bytes: Uint8Array } {
  const c = expectTag(node, TAG.BIT_STRING, what).content;
  if (c.length === 0) throw new DerError(`${what}: empty BIT STRING`);
  const unused = c[0]!;
  if (unused > 7 || (c.length === 1 && unused !== 0)) throw new DerError(`${what}: bad unused-bit count`);
  const bytes = c.subarray(1);
  const bits: boolean[] = [];
  const total = bytes.length * 8 - unused;
  for (let i = 0; i < total; i++) bits.push(((bytes[i >> 3]! >> (7 - (i & 7))) & 1) === 1);
  return { bits, bytes };
}

/** UTCTime or GeneralizedTime in the forms RFC 5280 allows (seconds, Zulu). */
export function readTime(node: DerNode | undefined, what = 'Time'): Date {
  if (node === undefined) throw new DerError(`missing ${what}`);
  const text = Buffer.from(node.content).toString('latin1');
  let m: RegExpExecArray | null;
  let year: number;
  if (node.tag === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) throw new DerError(`${what}: malformed UTCTime`);
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (node.tag === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) throw new DerError(`${what}: malformed GeneralizedTime`);
    year = Number(m[1]);
  } else {
    throw new DerError(`${what}: not a time`);
  }
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new DerError(`${what}: impossible date`);
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Writer

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function encodeTlv(tag: number, content: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

export function encodeSequence(...children: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.SEQUENCE, Buffer.concat(children));
}

export function encodeSet(...children: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG.SET, Buffer.concat(children));
}

/** Explicit context tag [n] around one value. */
export function encodeExplicit(n: number, value: Uint8Array): Uint8Array {
  return encodeTlv(0xa0 | n, value);
}

/** Implicit primitive context tag [n]. */
export function encodeImplicitPrimitive(n: number, content: Uint8Array): Uint8Array {
  return encodeTlv(0x80 | n, content);
}

export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((a) => {
    if (!/^\d+$/.test(a)) throw new DerError(`bad OID ${oid}`);
    return Number(a);
  });
  if (arcs.length < 2) throw new DerError(`bad OID ${oid}`);
  const out: number[] = [];
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  for (const v of values) {
    const chunk: number[] = [v & 0x7f];
    for (let rest = Math.floor(v / 128); rest > 0; rest = Math.floor(rest / 128))
      chunk.unshift(0x80 | (rest & 0x7f));
    out.push(...chunk);
  }
  return encodeTlv(TAG.OID, Uint8Array.from(out));
}

/** INTEGER from unsigned big-endian magnitude bytes (adds a 0x00 when the top bit is set). */
export function encodeUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  let body = magnitude.subarray(i);
  if (body.length === 0) body = Uint8Array.of(0);
  if ((body[0]! & 0x80) !== 0) body = Buffer.concat([Uint8Array.of(0), body]);
  return encodeTlv(TAG.INTEGER, body);
}

export function encodeSmallInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new DerError('only small non-negative integers');
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return encodeUnsignedInteger(Uint8Array.from(bytes));
}

export function encodeBoolean(value: boolean): Uint8Array {
  return encodeTlv(TAG.BOOLEAN, Uint8Array.of(value ? 0xff : 0));
}

export function encodeNull(): Uint8Array {
  return encodeTlv(TAG.NULL, new Uint8Array(0));
}

export function encodeOctetString(content: Uint8Array): Uint8Array {
  return encodeTlv(TAG.OCTET_STRING, content);
}

export function encodeUtf8String(text: string): Uint8Array {
  return encodeTlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

export function encodeIa5String(text: string): Uint8Array {
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(text)) throw new DerError('IA5String must be ASCII');
  return encodeTlv(TAG.IA5_STRING, Buffer.from(text, 'latin1'));
}

/** A named-bit BIT STRING (DER: trailing zero bits removed). `bits[i]` is named bit i. */
export function encodeNamedBits(bitIndexes: readonly number[]): Uint8Array {
  if (bitIndexes.length === 0) return encodeTlv(TAG.BIT_STRING, Uint8Array.of(0));
  const highest = Math.max(...bitIndexes);
  const byteCount = (highest >> 3) + 1;
  const bytes = new Uint8Array(byteCount);
  for (const i of bitIndexes) bytes[i >> 3]! |= 0x80 >> (i & 7);
  const unused = byteCount * 8 - (highest + 1);
  return encodeTlv(TAG.BIT_STRING, Buffer.concat([Uint8Array.of(unused), bytes]));
}

export function encodeBitStringBytes(bytes: Uint8Array): Uint8Array {
  return encodeTlv(TAG.BIT_STRING, Buffer.concat([Uint8Array.of(0), bytes]));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5). Whole seconds. */
export function encodeTime(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const p = (n: number): string => String(n).padStart(2, '0');
  const rest = `${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return encodeTlv(TAG.UTC_TIME, Buffer.from(`${p(y % 100)}${rest}`, 'latin1'));
  return encodeTlv(TAG.GENERALIZED_TIME, Buffer.from(`${String(y).padStart(4, '0')}${rest}`, 'latin1'));
}
