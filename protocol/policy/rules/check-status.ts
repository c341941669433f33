/** KeyUsePolicy Status (SKSML-CLT-59, SKSML-CLT-112). */
import type { Status } from '../../model/enumerations.ts';
import type { KeyUseViolation } from '../key-use-types.ts';
import { violation, type RuleInput } from './rule-input.ts';

export function checkStatus(status: Status, input: RuleInput): KeyUseViolation | null {
  switch (status) {
    case 'Active':
    case 'Default':
      // SKSML-CLT-112: Default counts as active; the KUP delivered with the key is the one in force.
      return null;
    case 'Inactive':
      // SKSML-CLT-59: no encryption under an Inactive policy; decryption stays possible (SKSML-CLT-106).
      return input.request.operation === 'encrypt'
        ? violation(
            'Status',
            'STATUS_INACTIVE',
            'SKSML-CLT-59',
            'the key use policy is Inactive: no encryption',
          )
        : null;
    case 'Other':
      // SKSML-CLT-112: Other has no defined meaning outside tests.
      return input.options.allowStatusOther === true
        ? null
        : violation(
            'Status',
            'STATUS_OTHER',
            'SKSML-CLT-112',
            'the key use policy Status is Other, which is only honoured in test configurations',
          );
    default:
      // SKSML-CLT-111
      return violation(
        'Status',
        'POLICY_VALUE_MALFORMED',
        'SKSML-CLT-111',
        'the key use policy Status is unknown',
      );
  }
}
