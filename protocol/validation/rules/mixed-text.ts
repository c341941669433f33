/** No free text between the child elements of KeyUsePolicy, KeyCachePolicy and PermittedUses. */
import { directText } from '../../xml/tree.ts';
import { quote } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';

const ELEMENT_ONLY = ['KeyUsePolicy', 'KeyCachePolicy', 'PermittedUses'] as const;

export const mixedTextRule: SemanticRule = {
  name: 'mixed-text',
  requirements: ['SKSML-MSG-113'],
  codes: ['SEM_MIXED_TEXT'],
  check(ctx) {
    for (const name of ELEMENT_ONLY) {
      for (const at of ctx.sksml(name)) {
        const text = directText(at.element).trim();
        if (text !== '') {
          // SKSML-MSG-113 (erratum: these types are not mixed)
          ctx.report(at, {
            code: 'SEM_MIXED_TEXT',
            requirement: 'SKSML-MSG-113',
            severity: 'error',
            message: `${name} contains text ${quote(text)} between its child elements: only elements may appear there; remove the text`,
          });
        }
      }
    }
  },
};
