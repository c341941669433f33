/**
 * wsu:Timestamp values: strict UTC xsd:dateTime (`...Z`), and the freshness rules of the
 * profile (SKSML-WSS-8, -9, -10).
 */
import { WssError } from './wss-error.ts';

/** Default maximum clock difference between peers, in seconds. */
export const DEFAULT_MAX_SKEW_SECONDS = 300;
/** Default and maximum lifetime (Expires - Created) of a message, in seconds. */
export const DEFAULT_LIFETIME_SECONDS = 300;
export const MAX_LIFETIME_SECONDS = 300;

const UTC_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Parses a UTC xsd:dateTime; returns epoch milliseconds (fractions truncated), or null. */
export function parseUtcDateTime(text: string): number | null {
  const m = UTC_DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const d = new Date(t);
  // Date.UTC silently rolls over (Feb 30 -> Mar 2); refuse anything that does not round-trip.
  if (
    year < 1970 ||
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    d.getUTCHours() !== hour ||
    d.getUTCMinutes() !== minute ||
    d.getUTCSeconds() !== second
  )
    return null;
  return t;
}

/** Formats epoch milliseconds as the UTC dateTime the signer writes (millisecond precision). */
export function formatUtcDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export interface FreshnessPolicy {
  readonly nowMs: number;
  readonly maxSkewSeconds: number;
  readonly maxLifetimeSeconds: number;
}

/** Throws the matching WssError unless [created, expires] is a fresh, well-ordered window. */
export function checkFreshness(createdMs: number, expiresMs: number, policy: FreshnessPolicy): void {
  const skewMs = policy.maxSkewSeconds * 1000;
  // SKSML-WSS-8: Expires strictly after Created.
  if (expiresMs <= createdMs)
    throw new WssError('WSS_TIMESTAMP_ORDER', 'Timestamp Expires is not after Created', {
      requirement: 'SKSML-WSS-8',
    });
  // SKSML-WSS-10: bounded lifetime.
  if (expiresMs - createdMs > policy.maxLifetimeSeconds * 1000)
    throw new WssError('WSS_LIFETIME_TOO_LONG', 'Timestamp lifetime exceeds the maximum', {
      requirement: 'SKSML-WSS-10',
    });
  // SKSML-WSS-9: Created not in the future beyond the skew, Expires not passed beyond the skew.
  if (createdMs > policy.nowMs + skewMs)
    throw new WssError('WSS_CREATED_IN_FUTURE', 'Timestamp Created is in the future', {
      requirement: 'SKSML-WSS-9',
    });
  if (expiresMs + skewMs <= policy.nowMs)
    throw new WssError('WSS_EXPIRED', 'the message has expired', { requirement: 'SKSML-WSS-9' });
}
