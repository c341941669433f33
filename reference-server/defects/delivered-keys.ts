/**
 * TEST-ONLY memory of the last key value a defective server delivered (for `keyBytesInError`).
 * Kept per server instance; never filled unless that switch is on.
 */
import { hasDefect, type DefectCarrier } from './defect-switches.ts';

const lastDelivered = new WeakMap<DefectCarrier, Uint8Array>();

export function noteDeliveredKey(carrier: DefectCarrier, value: Uint8Array): void {
  if (hasDefect(carrier, 'keyBytesInError')) lastDelivered.set(carrier, Uint8Array.from(value));
}

export function lastDeliveredKey(carrier: DefectCarrier): Uint8Array | undefined {
  return lastDelivered.get(carrier);
}
