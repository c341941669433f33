/** PermittedLevels: exact membership, no dominance between levels (SKSML-CLT-64, SKSML-CLT-108). */
import type { PermittedLevels } from '../../model/key-use-policy.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { readRestriction, violation, type RuleInput } from './rule-input.ts';

export function checkLevels(permission: PermittedLevels, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedLevels', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const level = input.request.level;
  if (level === undefined)
    // SKSML-CLT-111
    return violation(
      'PermittedLevels',
      'CONTEXT_MISSING',
      'SKSML-CLT-111',
      'the key is restricted to listed levels and the request gives no level',
    );
  // SKSML-CLT-108: a level only matches itself (an `Other` extension alone matches nothing).
  const levels: readonly string[] = (permission as { levels?: readonly string[] }).levels ?? [];
  if (levels.includes(level)) return null;
  return violation(
    'PermittedLevels',
    'NOT_PERMITTED',
    'SKSML-CLT-108',
    `level ${level} is not a permitted level`,
  );
}
