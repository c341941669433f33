/** PermittedUses: exact, case-sensitive string membership (SKSML-CLT-64, SKSML-CLT-110). */
import type { PermittedUses } from '../../model/key-use-policy.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { readRestriction, violation, type RuleInput } from './rule-input.ts';

export function checkUses(permission: PermittedUses, input: RuleInput): KeyUseViolation | null {
  const restriction = readRestriction('PermittedUses', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const use = input.request.use;
  if (use === undefined)
    // SKSML-CLT-111
    return violation(
      'PermittedUses',
      'CONTEXT_MISSING',
      'SKSML-CLT-111',
      'the key is restricted to listed uses and the request declares no use',
    );
  // SKSML-CLT-110: an `Other` extension alone matches nothing.
  const uses: readonly string[] = (permission as { uses?: readonly string[] }).uses ?? [];
  if (uses.includes(use)) return null;
  return violation(
    'PermittedUses',
    'NOT_PERMITTED',
    'SKSML-CLT-110',
    'the declared use is not a permitted use',
  );
}
