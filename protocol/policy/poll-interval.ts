/**
 * When the client may ask about a pending asynchronous request (SKSML-CLT-70, SKSML-CLT-116):
 * not before RequestCheckInterval seconds after the SymkeyWorkInProgress was received.
 */
import type { SymkeyWorkInProgress } from '../model/symkey.ts';
import type { PollDecision } from './cache-types.ts';
import { PolicyError, requireInstant } from './policy-error.ts';

/** The draft's minimum RequestCheckInterval (SKSML-MSG-14). */
export const MIN_REQUEST_CHECK_INTERVAL_SECONDS = 60;

/**
 * The earliest instant at which the client may poll, given the instant `at` the
 * SymkeyWorkInProgress was received. An interval below the minimum is read as 60 s
 * (SKSML-CLT-116): waiting longer never breaks SKSML-CLT-70.
 */
export function nextPollNotBefore(
  workInProgress: Pick<SymkeyWorkInProgress, 'requestCheckInterval'>,
  at: Date,
): Date {
  const receivedMs = requireInstant(at, 'the receipt time');
  const seconds = workInProgress.requestCheckInterval;
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new PolicyError(
      'POLICY_INVALID_ARGUMENT',
      'RequestCheckInterval must be a whole number of seconds',
      {
        requirement: 'SKSML-MSG-14',
      },
    );
  // SKSML-CLT-70, SKSML-CLT-116
  return new Date(receivedMs + Math.max(seconds, MIN_REQUEST_CHECK_INTERVAL_SECONDS) * 1000);
}

/** May the client poll at `at` for a request whose SymkeyWorkInProgress arrived at `receivedAt`? */
export function decidePoll(
  workInProgress: Pick<SymkeyWorkInProgress, 'requestCheckInterval'>,
  receivedAt: Date,
  at: Date,
): PollDecision {
  const notBefore = nextPollNotBefore(workInProgress, receivedAt);
  const allowed = requireInstant(at, 'the decision instant') >= notBefore.getTime();
  return {
    allowed,
    notBefore,
    reason: allowed ? 'RequestCheckInterval has elapsed' : 'RequestCheckInterval has not yet elapsed',
    requirement: 'SKSML-CLT-70',
  };
}
