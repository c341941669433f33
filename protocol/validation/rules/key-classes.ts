/** KeyClass values name a class (not empty); a KeyClasses list is not empty. */
import { directText } from '../../xml/tree.ts';
import { sksmlChildren } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';

export const keyClassesRule: SemanticRule = {
  name: 'key-classes',
  requirements: ['SKSML-MSG-3', 'SKSML-MSG-106'],
  codes: ['SEM_KEYCLASSES_EMPTY', 'SEM_KEYCLASS_EMPTY'],
  check(ctx) {
    for (const at of ctx.sksml('KeyClasses')) {
      if (sksmlChildren(at.element, 'KeyClass').length === 0) {
        // SKSML-MSG-3
        ctx.report(at, {
          code: 'SEM_KEYCLASSES_EMPTY',
          requirement: 'SKSML-MSG-3',
          severity: 'error',
          message:
            'KeyClasses lists no KeyClass: list at least one class, or omit KeyClasses to get the default class',
        });
      }
    }
    for (const name of ['KeyClass', 'RequestedKeyClass']) {
      for (const at of ctx.sksml(name)) {
        if (directText(at.element).trim() === '') {
          // SKSML-MSG-106
          ctx.report(at, {
            code: 'SEM_KEYCLASS_EMPTY',
            requirement: 'SKSML-MSG-106',
            severity: 'error',
            message: `${name} is empty or whitespace only: it must name a key class`,
          });
        }
      }
    }
  },
};
