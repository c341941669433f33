/**
 * TEST-ONLY hook of the key store reader: with `serveTamperedRow`, the key value read back is what
 * an attacker left in the row (its first byte changed at rest) and it is served without the
 * integrity check that would have refused it.
 */
import { hasDefect, type DefectCarrier } from './defect-switches.ts';

export function storedKeyWithDefects(carrier: DefectCarrier, value: Uint8Array): Uint8Array {
  if (!hasDefect(carrier, 'serveTamperedRow') || value.length === 0) return value;
  const tampered = Uint8Array.from(value);
  tampered[0] = (tampered[0] as number) ^ 0x5a;
  value.fill(0);
  return tampered;
}
