import { SksmlError } from '../errors/sksml-error.ts';

/** Stable codes of the caller mistakes the policy functions refuse to decide on. */
export type PolicyErrorCode =
  'POLICY_INVALID_INSTANT' | 'POLICY_INVALID_TIME_ZONE' | 'POLICY_INVALID_STATE' | 'POLICY_INVALID_ARGUMENT';

/**
 * Thrown when an argument makes a decision impossible (an invalid Date, an unknown time zone, a
 * negative counter). No decision is returned, so a caller that does not catch it cannot go on to
 * use or cache the key: the functions fail closed. Policy content is never a reason to throw;
 * malformed policy values become refusals instead.
 */
export class PolicyError extends SksmlError {
  declare readonly code: PolicyErrorCode;

  constructor(code: PolicyErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
  }
}

/** Returns the epoch milliseconds of `value`, or throws when it is not a valid Date. */
export function requireInstant(value: unknown, what: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new PolicyError('POLICY_INVALID_INSTANT', `${what} is not a valid Date`);
  return value.getTime();
}
