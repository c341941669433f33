/**
 * Lexical parsers for the value types the semantic rules inspect. Each returns null for text
 * that is not of the type (the rules then report or skip; they never throw).
 */

/** 2^64 - 1: the documented maximum of every numeric SKSML field and ID part. */
export const MAX_UNSIGNED_64 = 18446744073709551615n;

/** Splits `a-b[-c]` into its decimal parts, or null when the shape is wrong. */
export function splitIdParts(text: string, count: 2 | 3): string[] | null {
  const shape = count === 2 ? /^[0-9]+-[0-9]+$/ : /^[0-9]+-[0-9]+-[0-9]+$/;
  return shape.test(text) ? text.split('-') : null;
}

/** True when a decimal part has a superfluous leading zero (`007`, `00`; `0` is fine). */
export function hasLeadingZero(part: string): boolean {
  return part.length > 1 && part.startsWith('0');
}

/** xsd:integer lexical form (after whitespace collapsing) to a bigint. */
export function parseXsdInteger(text: string): bigint | null {
  const t = text.trim();
  if (!/^[+-]?[0-9]+$/.test(t) || t.length > 1000) return null;
  return BigInt(t);
}

/** xsd:boolean lexical form to a boolean. */
export function parseXsdBoolean(text: string): boolean | null {
  const t = text.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` (no zone, a real calendar date) to a sortable number YYYYMMDD. */
export function parsePlainDate(text: string): number | null {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y === 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return y * 10000 + mo * 100 + d;
}

/** `HH:MM:SS` (24-hour, no fraction or zone) to seconds since midnight; 24:00:00 is 86400. */
export function parsePlainTime(text: string): number | null {
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h === 24 && mi === 0 && s === 0) return 86400;
  if (h > 23 || mi > 59 || s > 59) return null;
  return h * 3600 + mi * 60 + s;
}

/**
 * xsd:dateTime to milliseconds since the epoch. A value without a time zone is read as UTC
 * (project decision recorded with SKSML-MSG-104).
 */
export function parseXsdDateTime(text: string): number | null {
  const m =
    /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!Number.isSafeInteger(y) || Math.abs(y) > 275000) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const endOfDay = h === 24 && mi === 0 && s === 0 && (m[7] === undefined || /^\.0+$/.test(m[7]));
  if ((h > 23 && !endOfDay) || mi > 59 || s > 59) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  let ms = date.getTime() + (m[7] ? Number(`0${m[7]}`) * 1000 : 0);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 14 || zm > 59 || (zh === 14 && zm !== 0)) return null;
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return ms;
}

/** Strict base64 (whitespace allowed between characters, as in xsd:base64Binary) to bytes. */
export function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/[\t\n\r ]+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact))
    return null;
  return Buffer.from(compact, 'base64');
}

/** xsd:decimal lexical form to a number (enough precision for range checks). */
export function parseXsdDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(t) || t.length > 400) return null;
  return Number(t);
}
