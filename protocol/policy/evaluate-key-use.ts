/**
 * KeyUsePolicy evaluation: may this key be used for this operation, now, in this context? A pure
 * function of (policy, request, state, options): the reference client calls it before every use
 * and the client conformance harness uses it as the oracle (SKSML-CLT-57).
 */
import type { KeyUsePolicy } from '../model/key-use-policy.ts';
import type {
  KeyUseDecision,
  KeyUseOptions,
  KeyUseRequest,
  KeyUseState,
  KeyUseViolation,
} from './key-use-types.ts';
import { PolicyError, requireInstant } from './policy-error.ts';
import { checkApplications } from './rules/check-applications.ts';
import { checkDates } from './rules/check-dates.ts';
import { checkDays } from './rules/check-days.ts';
import { checkDuration } from './rules/check-duration.ts';
import { checkKeyAlgorithm } from './rules/check-key-algorithm.ts';
import { checkLevels } from './rules/check-levels.ts';
import { checkLocations } from './rules/check-locations.ts';
import { checkStatus } from './rules/check-status.ts';
import { checkTimes } from './rules/check-times.ts';
import { checkTransactions } from './rules/check-transactions.ts';
import { checkUses } from './rules/check-uses.ts';
import type { RuleInput } from './rules/rule-input.ts';
import { DEFAULT_TIME_ZONE, checkTimeZone, readZonedTime, type ZonedTime } from './zoned-time.ts';

/** Requirements each restricted permission applies (base rule first, then the project's readings). */
const REQUIREMENTS_OF_PERMISSION = {
  permittedApplications: ['SKSML-CLT-64', 'SKSML-CLT-107'],
  permittedDates: ['SKSML-CLT-60', 'SKSML-CLT-101'],
  permittedDays: ['SKSML-CLT-64', 'SKSML-CLT-101', 'SKSML-CLT-103'],
  permittedDuration: ['SKSML-CLT-62', 'SKSML-CLT-104'],
  permittedLevels: ['SKSML-CLT-64', 'SKSML-CLT-108'],
  permittedLocations: ['SKSML-CLT-64', 'SKSML-CLT-109'],
  permittedNumberOfTransactions: ['SKSML-CLT-63', 'SKSML-CLT-105'],
  permittedTimes: ['SKSML-CLT-61', 'SKSML-CLT-101', 'SKSML-CLT-102'],
  permittedUses: ['SKSML-CLT-64', 'SKSML-CLT-110'],
} as const;

function checkRequest(request: KeyUseRequest): void {
  if (request.operation !== 'encrypt' && request.operation !== 'decrypt')
    throw new PolicyError('POLICY_INVALID_ARGUMENT', "the operation must be 'encrypt' or 'decrypt'");
  requireInstant(request.at, 'the request instant');
  if (request.timeZone !== undefined) checkTimeZone(request.timeZone);
}

function checkState(state: KeyUseState): void {
  if (typeof state.encryptionsPerformed !== 'bigint' || state.encryptionsPerformed < 0n)
    throw new PolicyError('POLICY_INVALID_STATE', 'encryptionsPerformed must be a bigint of at least 0', {
      requirement: 'SKSML-CLT-105',
    });
  if (state.firstUseAt !== undefined) requireInstant(state.firstUseAt, 'the recorded first use');
}

function checkOptions(options: KeyUseOptions): void {
  const tolerance = options.locationToleranceMetres;
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0))
    throw new PolicyError('POLICY_INVALID_ARGUMENT', 'locationToleranceMetres must be a finite number >= 0', {
      requirement: 'SKSML-CLT-109',
    });
}

/**
 * Decides one use of a key. Every rule is evaluated and every refusal reported. Throws PolicyError
 * (no decision at all) only for unusable arguments: an invalid Date, an unknown time zone, a
 * negative counter. When `allowed`, persist `nextState` once the operation has been performed.
 */
export function evaluateKeyUse(
  policy: KeyUsePolicy,
  request: KeyUseRequest,
  state: KeyUseState,
  options: KeyUseOptions = {},
): KeyUseDecision {
  checkRequest(request);
  checkState(state);
  checkOptions(options);
  let zoned: ZonedTime | undefined;
  const input: RuleInput = {
    request,
    state,
    options,
    zoned: () => (zoned ??= readZonedTime(request.at, request.timeZone ?? DEFAULT_TIME_ZONE)),
  };
  const p = policy.permissions;
  // SKSML-CLT-57: every permission is examined; all refusals are collected.
  const results: (KeyUseViolation | null)[] = [
    checkStatus(policy.status, input),
    checkKeyAlgorithm(policy, input),
    checkApplications(p.permittedApplications, input),
    checkDates(p.permittedDates, input),
    checkDays(p.permittedDays, input),
    checkDuration(p.permittedDuration, input),
    checkLevels(p.permittedLevels, input),
    checkLocations(p.permittedLocations, input),
    checkTransactions(p.permittedNumberOfTransactions, input),
    checkTimes(p.permittedTimes, input),
    checkUses(p.permittedUses, input),
  ];
  const violations = results.filter((v): v is KeyUseViolation => v !== null);

  const requirements = new Set<string>([
    'SKSML-CLT-57',
    'SKSML-CLT-58',
    'SKSML-CLT-59',
    'SKSML-CLT-106',
    'SKSML-CLT-111',
    'SKSML-CLT-112',
  ]);
  for (const [name, ids] of Object.entries(REQUIREMENTS_OF_PERMISSION)) {
    if ((p[name as keyof typeof REQUIREMENTS_OF_PERMISSION] as { any?: unknown } | undefined)?.any !== true)
      for (const id of ids) requirements.add(id);
  }
  for (const v of violations) requirements.add(v.requirement);

  if (violations.length > 0) return { allowed: false, violations, requirements: [...requirements] };
  return {
    allowed: true,
    violations: [],
    requirements: [...requirements],
    nextState: {
      // SKSML-CLT-104: the first permitted use, of either kind, starts the duration.
      firstUseAt: state.firstUseAt ?? new Date(request.at.getTime()),
      // SKSML-CLT-105: only encryptions are counted.
      encryptionsPerformed: state.encryptionsPerformed + (request.operation === 'encrypt' ? 1n : 0n),
    },
  };
}
