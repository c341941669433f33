/** SymkeyResponse: keys, then work-in-progress entries, then errors (SKSML-MSG-8). */
import type { Symkey, SymkeyError, SymkeyWorkInProgress } from './symkey.ts';

/** At least one of the three lists is non-empty; on the wire they appear in this order. */
export interface SymkeyResponse {
  readonly symkeys: readonly Symkey[];
  readonly workInProgress: readonly SymkeyWorkInProgress[];
  readonly errors: readonly SymkeyError[];
}
