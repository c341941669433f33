/** What every store operation needs besides the database: the sealer, the alarm and the clock. */
import type { IntegrityAlarm, IntegrityAlarmHandler } from '../integrity/integrity-alarm.ts';
import type { RecordSealer } from '../integrity/record-sealer.ts';
import { IntegrityError } from './store-error.ts';

export interface StoreContext {
  readonly sealer: RecordSealer;
  readonly now: () => Date;
  /** Reports the alarm and throws the IntegrityError: data that failed is never returned. */
  readonly fail: (alarm: IntegrityAlarm) => never;
}

export function createStoreContext(
  sealer: RecordSealer,
  onIntegrityAlarm: IntegrityAlarmHandler | undefined,
  now: () => Date,
): StoreContext {
  return {
    sealer,
    now,
    fail(alarm) {
      try {
        onIntegrityAlarm?.(alarm);
      } catch {
        // The alarm sink failing must not turn a refusal into an acceptance.
      }
      throw new IntegrityError(alarm);
    },
  };
}
