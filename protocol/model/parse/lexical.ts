/**
 * Lexical checks of XSD simple types as SKSML uses them. Each function returns the value or
 * throws LexicalError with a short reason; callers add the element path.
 */

export class LexicalError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LexicalError';
  }
}

const XML_SPACE = /[ \t\r\n]+/g;

/** XSD whiteSpace="collapse". */
export function collapseWhitespace(value: string): string {
  return value.replace(XML_SPACE, ' ').trim();
}

export function isXmlWhitespace(value: string): boolean {
  return /^[ \t\r\n]*$/.test(value);
}

/** Number of characters (code points), what XSD length facets count. */
export function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export function checkMaxLength(value: string, max: number): string {
  if (characterCount(value) > max) throw new LexicalError(`longer than ${max} characters`);
  return value;
}

/** xsd:integer (collapsed) within [min, max]. */
export function parseBoundedInteger(value: string, min: bigint, max: bigint): bigint {
  const v = collapseWhitespace(value);
  if (!/^[+-]?[0-9]+$/.test(v)) throw new LexicalError('not an integer');
  const n = BigInt(v);
  if (n < min || n > max) throw new LexicalError(`not in ${min}..${max}`);
  return n;
}

export function parseBoundedNumber(value: string, min: number, max: number): number {
  return Number(parseBoundedInteger(value, BigInt(min), BigInt(max)));
}

/** One of `values`, compared exactly (string-derived enumerations keep their whitespace). */
export function parseEnumeration<T extends string>(value: string, values: readonly T[]): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new LexicalError(`not one of ${values.join(', ')}`);
  return found;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=|[A-Za-z0-9+/][AQgw]==)?$/;

/** xsd:base64Binary (XML whitespace allowed anywhere) to bytes, at most `maxBytes`. */
export function parseBase64(value: string, maxBytes = Infinity): Uint8Array {
  const compact = value.replace(XML_SPACE, '');
  if (!BASE64.test(compact)) throw new LexicalError('not valid base64');
  const bytes = new Uint8Array(Buffer.from(compact, 'base64'));
  if (bytes.length > maxBytes) throw new LexicalError(`longer than ${maxBytes} bytes`);
  return bytes;
}

export function formatBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function checkDay(year: number, month: number, day: number): void {
  if (year === 0) throw new LexicalError('year 0000 is not allowed');
  if (month < 1 || month > 12) throw new LexicalError('month out of range');
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const max = month === 2 && !leap ? 28 : (MONTH_DAYS[month - 1] ?? 31);
  if (day < 1 || day > max) throw new LexicalError('day out of range');
}

function checkClock(h: number, m: number, s: number): void {
  if (h > 23 || m > 59 || s > 59) throw new LexicalError('time of day out of range');
}

/** `YYYY-MM-DD` (xsd:date without zone; SKSML-MSG-24). */
export function parseDate(value: string): string {
  const v = collapseWhitespace(value);
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(v);
  if (!m) throw new LexicalError('not a date YYYY-MM-DD');
  checkDay(Number(m[1]), Number(m[2]), Number(m[3]));
  return v;
}

/** `hh:mm:ss` (xsd:time without fraction or zone; SKSML-MSG-25). */
export function parseTime(value: string): string {
  const v = collapseWhitespace(value);
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(v);
  if (!m) throw new LexicalError('not a time hh:mm:ss');
  checkClock(Number(m[1]), Number(m[2]), Number(m[3]));
  return v;
}

/**
 * xsd:dateTime with a four-digit year 0001..9999, hours 00..23, optional fraction and optional
 * zone (Z or +hh:mm / -hh:mm up to 14:00).
 */
export function parseDateTime(value: string): string {
  const v = collapseWhitespace(value);
  const m =
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:Z|[+-]([0-9]{2}):([0-9]{2}))?$/.exec(
      v,
    );
  if (!m) throw new LexicalError('not a dateTime YYYY-MM-DDThh:mm:ss[.s][zone]');
  checkDay(Number(m[1]), Number(m[2]), Number(m[3]));
  checkClock(Number(m[4]), Number(m[5]), Number(m[6]));
  if (m[7] !== undefined) {
    const zh = Number(m[7]);
    const zm = Number(m[8]);
    if (zm > 59 || zh > 14 || (zh === 14 && zm !== 0)) throw new LexicalError('time zone out of range');
  }
  return v;
}

/** xsd:decimal with at most `totalDigits` significant digits and `fractionDigits` after the point. */
export function parseDecimal(value: string, totalDigits: number, fractionDigits: number): string {
  const v = collapseWhitespace(value);
  const m = /^[+-]?([0-9]*)(?:\.([0-9]*))?$/.exec(v);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new LexicalError('not a decimal number');
  const whole = (m[1] ?? '').replace(/^0+/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > fractionDigits) throw new LexicalError(`more than ${fractionDigits} fraction digits`);
  if (whole.length + frac.length > totalDigits) throw new LexicalError(`more than ${totalDigits} digits`);
  return v;
}

/** A non-empty xsd:anyURI without whitespace (collapsed). */
export function parseUri(value: string): string {
  const v = collapseWhitespace(value);
  if (v === '' || /\s/.test(v)) throw new LexicalError('not a URI');
  return v;
}

/** xsd:boolean. */
export function parseBoolean(value: string): boolean {
  const v = collapseWhitespace(value);
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new LexicalError('not a boolean');
}
