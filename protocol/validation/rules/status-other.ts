/** Status Other is meant for testing only (warning). */
import { collapsedText, sksmlChild } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';

export const statusOtherRule: SemanticRule = {
  name: 'status-other',
  requirements: ['SKSML-SRV-52'],
  codes: ['SEM_STATUS_OTHER'],
  check(ctx) {
    for (const policy of ['KeyUsePolicy', 'KeyCachePolicy']) {
      for (const at of ctx.sksml(policy)) {
        const status = sksmlChild(at.element, 'Status');
        if (status && collapsedText(status) === 'Other') {
          // SKSML-SRV-52
          ctx.report(ctx.locate(status), {
            code: 'SEM_STATUS_OTHER',
            requirement: 'SKSML-SRV-52',
            severity: 'warning',
            message: `${policy} has Status Other, whose behaviour is implementation-specific and meant for testing only`,
          });
        }
      }
    }
  },
};
