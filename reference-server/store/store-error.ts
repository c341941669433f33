/**
 * Errors of the store. Codes are stable; messages name tables and identifiers but never key
 * material.
 */
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import type { IntegrityAlarm } from '../integrity/integrity-alarm.ts';

export type StoreErrorCode =
  /** A row with that primary key (or unique value) already exists. */
  | 'STORE_CONFLICT'
  /** The row to change does not exist. */
  | 'STORE_NOT_FOUND'
  /** A request status change that the lifecycle does not allow, or whose expected status no longer holds. */
  | 'STORE_INVALID_TRANSITION'
  /** A value handed to the store is out of range or malformed. */
  | 'STORE_INVALID_VALUE'
  /** A sequence reached 2^64-1. */
  | 'STORE_SEQUENCE_EXHAUSTED'
  /** The database schema is newer than this code, or a migration failed. */
  | 'STORE_MIGRATION'
  /** The store was closed. */
  | 'STORE_CLOSED';

export class StoreError extends SksmlError {
  declare readonly code: StoreErrorCode | 'STORE_INTEGRITY';

  constructor(code: StoreErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
  }
}

/** Stored data failed verification; the data was not returned. Code STORE_INTEGRITY. */
export class IntegrityError extends SksmlError {
  declare readonly code: 'STORE_INTEGRITY';
  readonly alarm: IntegrityAlarm;

  constructor(alarm: IntegrityAlarm) {
    super(
      'STORE_INTEGRITY',
      `integrity check failed for ${alarm.table} ${alarm.primaryKey}: ${alarm.reason}`,
    );
    this.alarm = alarm;
  }
}
