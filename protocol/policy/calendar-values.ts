/**
 * Lexical readers for the zone-less values of a KeyUsePolicy and the dateTimes of a
 * KeyCachePolicy. Each returns null for text it cannot read; callers then refuse (fail closed,
 * SKSML-CLT-111).
 */

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isRealDay(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD` (years 0001..9999) to the sortable number YYYYMMDD, or null. */
export function readPolicyDate(text: string): number | null {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDay(year, month, day) ? year * 10000 + month * 100 + day : null;
}

/**
 * `HH:MM:SS` (00:00:00..23:59:59) to the second of the day, or null. The xsd:time spelling
 * `24:00:00` is refused, as the model's parser refuses it.
 */
export function readPolicyTime(text: string): number | null {
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || mi > 59 || s > 59) return null;
  return h * 3600 + mi * 60 + s;
}

/**
 * xsd:dateTime (`YYYY-MM-DDThh:mm:ss[.s+][Z|±hh:mm]`, years 0001..9999) to epoch milliseconds, or
 * null. A value without a zone is read as UTC, as SKSML-MSG-104 does for the same fields.
 * Fractions below a millisecond are truncated.
 */
export function readXsdDateTime(text: string): number | null {
  const m =
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const [year, month, day, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDay(year, month, day) || h > 23 || mi > 59 || s > 59) return null;
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  probe.setUTCHours(h, mi, s, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)));
  let ms = probe.getTime();
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 14 || zm > 59 || (zh === 14 && zm !== 0)) return null;
    ms -= (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm) * 60_000;
  }
  return ms;
}
