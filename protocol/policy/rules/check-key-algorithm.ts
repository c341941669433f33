/** KeyAlgorithm and KeySize of a KeyUsePolicy against the intended use (SKSML-CLT-58, SKSML-MSG-103). */
import { KEY_ALGORITHMS, KEY_SIZE_OF_ALGORITHM, isOneOf } from '../../model/enumerations.ts';
import type { KeyUsePolicy } from '../../model/key-use-policy.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { violation, type RuleInput } from './rule-input.ts';

export function checkKeyAlgorithm(policy: KeyUsePolicy, input: RuleInput): KeyUseViolation | null {
  const algorithm: unknown = policy.keyAlgorithm;
  if (!isOneOf(KEY_ALGORITHMS, algorithm))
    // SKSML-CLT-111
    return violation(
      'KeyAlgorithm',
      'POLICY_VALUE_MALFORMED',
      'SKSML-CLT-111',
      'the KeyAlgorithm is not one SKSML defines',
    );
  if (KEY_SIZE_OF_ALGORITHM[algorithm] !== policy.keySize)
    // SKSML-MSG-103: a policy whose KeySize contradicts its KeyAlgorithm cannot be followed.
    return violation(
      'KeyAlgorithm',
      'ALGORITHM_SIZE_MISMATCH',
      'SKSML-MSG-103',
      `KeySize ${String(policy.keySize)} is not the key length of the policy's KeyAlgorithm`,
    );
  const wanted = input.request.algorithm;
  if (wanted !== undefined && wanted !== algorithm)
    // SKSML-CLT-58
    return violation(
      'KeyAlgorithm',
      'ALGORITHM_MISMATCH',
      'SKSML-CLT-58',
      'the key may only be used with the algorithm named in KeyAlgorithm',
    );
  return null;
}
