/**
 * PermittedApplications: the running application must match one listed entry by ApplicationID or
 * ApplicationName, and also by Version and by digest when the entry gives them
 * (SKSML-CLT-64, SKSML-CLT-107).
 */
import { parseTwoPartID, sameTwoPartID, type TwoPartID } from '../../model/identifiers.ts';
import type { PermittedApplication, PermittedApplications } from '../../model/key-use-policy.ts';
import { equalBytesConstantTime } from '../constant-time.ts';
import type { ApplicationContext, KeyUseViolation } from '../key-use-types.ts';
import { readRestriction, violation, type RuleInput } from './rule-input.ts';

type EntryMatch = 'match' | 'identity-differs' | 'context-missing' | 'differs';

function matchEntry(
  entry: PermittedApplication,
  app: ApplicationContext,
  id: TwoPartID | undefined,
): EntryMatch {
  const sameId = id !== undefined && sameTwoPartID(id, entry.applicationId);
  const sameName = app.name !== undefined && app.name === entry.applicationName;
  if (!sameId && !sameName) return 'identity-differs';
  if (entry.version !== undefined) {
    if (app.version === undefined) return 'context-missing';
    if (app.version !== entry.version) return 'differs';
  }
  if (entry.digest !== undefined) {
    if (app.digest === undefined) return 'context-missing';
    // Compare both fields in every case, the value in constant time.
    const sameAlgorithm = app.digest.algorithm === entry.digest.algorithm;
    const sameValue = equalBytesConstantTime(app.digest.value, entry.digest.value);
    if (!(sameAlgorithm && sameValue)) return 'differs';
  }
  return 'match';
}

export function checkApplications(
  permission: PermittedApplications,
  input: RuleInput,
): KeyUseViolation | null {
  const restriction = readRestriction('PermittedApplications', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const app = input.request.application;
  if (app === undefined || (app.id === undefined && app.name === undefined))
    // SKSML-CLT-111
    return violation(
      'PermittedApplications',
      'CONTEXT_MISSING',
      'SKSML-CLT-111',
      'the key is restricted to listed applications and the request names no application',
    );
  let id: TwoPartID | undefined;
  if (app.id !== undefined) {
    try {
      id = parseTwoPartID(app.id);
    } catch {
      // SKSML-CLT-111
      return violation(
        'PermittedApplications',
        'CONTEXT_INVALID',
        'SKSML-CLT-111',
        'the application ID of the request is not a DomainID-LocalID identifier',
      );
    }
  }
  let missing = false;
  for (const entry of (permission as { applications?: readonly PermittedApplication[] }).applications ?? []) {
    const result = matchEntry(entry, app, id);
    if (result === 'match') return null;
    if (result === 'context-missing') missing = true;
  }
  return missing
    ? // SKSML-CLT-111
      violation(
        'PermittedApplications',
        'CONTEXT_MISSING',
        'SKSML-CLT-111',
        'a listed application also requires a version or digest that the request does not give',
      )
    : // SKSML-CLT-107
      violation(
        'PermittedApplications',
        'NOT_PERMITTED',
        'SKSML-CLT-107',
        'the application is not a permitted application',
      );
}
