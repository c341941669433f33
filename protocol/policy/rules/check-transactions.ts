/**
 * PermittedNumberOfTransactions: at most `count` encryptions with the key; decryptions are neither
 * limited nor counted (SKSML-CLT-63, SKSML-CLT-105).
 */
import type { PermittedNumberOfTransactions } from '../../model/key-use-policy.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { readRestriction, violation, type RuleInput } from './rule-input.ts';

export function checkTransactions(
  permission: PermittedNumberOfTransactions,
  input: RuleInput,
): KeyUseViolation | null {
  const restriction = readRestriction('PermittedNumberOfTransactions', permission);
  if (restriction !== 'restricted') return restriction === 'unrestricted' ? null : restriction;
  const count = (permission as { count?: unknown }).count;
  if (typeof count !== 'bigint' || count < 1n)
    // SKSML-CLT-111
    return violation(
      'PermittedNumberOfTransactions',
      'POLICY_VALUE_MALFORMED',
      'SKSML-CLT-111',
      'PermittedNumberOfTransactions cannot be read',
    );
  if (input.request.operation !== 'encrypt') return null; // SKSML-CLT-63: decryptions are not limited
  // SKSML-CLT-63, SKSML-CLT-105: the (count + 1)th encryption is refused.
  if (input.state.encryptionsPerformed >= count)
    return violation(
      'PermittedNumberOfTransactions',
      'LIMIT_REACHED',
      'SKSML-CLT-63',
      `all ${count} permitted encryptions have been performed`,
    );
  return null;
}
