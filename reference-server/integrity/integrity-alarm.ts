/**
 * Integrity alarms: raised whenever stored data fails verification. The server logs and counts
 * them; the data involved is never returned (see spec/store.md §Integrity alarms).
 */

export type IntegrityAlarmReason =
  /** The row's seal does not verify (a column was changed, the row was moved or forged). */
  | 'bad-seal'
  /** The row verifies but is not the version the journal records (an old version was replayed). */
  | 'stale-version'
  /** The row has no journal entry (inserted behind the store's back). */
  | 'not-journaled'
  /** A journal entry, journal head or audit checkpoint does not verify. */
  | 'bad-journal'
  /** A value read from the database cannot be what the store wrote (wrong type or shape). */
  | 'malformed'
  /** A row that a verified row refers to is missing (deleted behind the store's back). */
  | 'missing-row';

export interface IntegrityAlarm {
  readonly table: string;
  /** The primary key of the offending row, as text (never key material). */
  readonly primaryKey: string;
  readonly reason: IntegrityAlarmReason;
}

export type IntegrityAlarmHandler = (alarm: IntegrityAlarm) => void;
