/**
 * The ekmi:any / xsi:nil model of the nine Permitted elements, which XSD 1.0 cannot express:
 * any="true" means unrestricted and requires xsi:nil="true" and no content; any="false" means
 * restricted and requires content and no xsi:nil.
 */
import { childElements, directText, findAttribute } from '../../xml/tree.ts';
import type { SemanticRule } from '../rule.ts';
import { PERMITTED_ELEMENTS, PERMITTED_ITEM, SKSML_NS, XSI_NS } from '../sksml-names.ts';
import { quote } from '../rule-context.ts';
import { parseXsdBoolean } from '../values.ts';

export const anyNilRule: SemanticRule = {
  name: 'any-nil',
  requirements: ['SKSML-MSG-20', 'SKSML-MSG-21', 'SKSML-MSG-22', 'SKSML-MSG-23'],
  codes: [
    'SEM_ANY_MISSING',
    'SEM_ANY_INVALID',
    'SEM_ANY_TRUE_NOT_NIL',
    'SEM_ANY_TRUE_HAS_ITEMS',
    'SEM_ANY_TRUE_HAS_CONTENT',
    'SEM_ANY_FALSE_NIL',
    'SEM_ANY_FALSE_EMPTY',
  ],
  check(ctx) {
    for (const name of PERMITTED_ELEMENTS) {
      for (const at of ctx.sksml(name)) {
        const el = at.element;
        const anyAttr = findAttribute(el, SKSML_NS, 'any');
        if (!anyAttr) {
          // SKSML-MSG-20
          const bare = findAttribute(el, null, 'any');
          ctx.report(at, {
            code: 'SEM_ANY_MISSING',
            requirement: 'SKSML-MSG-20',
            severity: 'error',
            message: bare
              ? `${name} has an unprefixed 'any' attribute, which is not the SKSML attribute: write it in the SKSML namespace, e.g. ekmi:any="${bare.value.trim()}" with xmlns:ekmi="${SKSML_NS}"`
              : `${name} lacks the required ekmi:any attribute: add ekmi:any="true" (unrestricted, with xsi:nil="true" and no content) or ekmi:any="false" (restricted, with content)`,
          });
          continue;
        }
        const value = anyAttr.value.trim();
        if (value !== 'true' && value !== 'false') {
          // SKSML-MSG-20
          ctx.report(at, {
            code: 'SEM_ANY_INVALID',
            requirement: 'SKSML-MSG-20',
            severity: 'error',
            message: `${name} has ekmi:any=${quote(anyAttr.value)}: the value must be exactly 'true' or 'false'`,
          });
          continue;
        }
        const nilAttr = findAttribute(el, XSI_NS, 'nil');
        const nil = nilAttr ? parseXsdBoolean(nilAttr.value) : null;
        const kids = childElements(el);
        const hasText = directText(el).trim() !== '';
        const itemName = PERMITTED_ITEM[name];
        if (value === 'true') {
          if (nil !== true) {
            // SKSML-MSG-21
            ctx.report(at, {
              code: 'SEM_ANY_TRUE_NOT_NIL',
              requirement: 'SKSML-MSG-21',
              severity: 'error',
              message: nilAttr
                ? `${name} has ekmi:any="true" but xsi:nil=${quote(nilAttr.value)}: an unrestricted permission must carry xsi:nil="true"`
                : `${name} has ekmi:any="true" but no xsi:nil: add xsi:nil="true" (xmlns:xsi="${XSI_NS}")`,
            });
          }
          const items = kids.filter((k) => k.namespaceURI === SKSML_NS && k.localName === itemName);
          if (items.length > 0) {
            // SKSML-MSG-23
            ctx.report(at, {
              code: 'SEM_ANY_TRUE_HAS_ITEMS',
              requirement: 'SKSML-MSG-23',
              severity: 'error',
              message: `${name} has ekmi:any="true" (unrestricted) but lists ${items.length} ${itemName} element(s): remove them, or set ekmi:any="false" and drop xsi:nil to restrict use to them`,
            });
          }
          if (kids.length > items.length || hasText) {
            // SKSML-MSG-21
            ctx.report(at, {
              code: 'SEM_ANY_TRUE_HAS_CONTENT',
              requirement: 'SKSML-MSG-21',
              severity: 'error',
              message: `${name} has ekmi:any="true" but is not empty (${hasText ? 'it has a value' : 'it has child elements'}): an unrestricted permission has no content`,
            });
          }
        } else {
          if (nilAttr) {
            // SKSML-MSG-22
            ctx.report(at, {
              code: 'SEM_ANY_FALSE_NIL',
              requirement: 'SKSML-MSG-22',
              severity: 'error',
              message: `${name} has ekmi:any="false" and xsi:nil=${quote(nilAttr.value)}: a restricted permission must not carry xsi:nil; remove it`,
            });
          }
          if (kids.length === 0 && !hasText) {
            // SKSML-MSG-22
            ctx.report(at, {
              code: 'SEM_ANY_FALSE_EMPTY',
              requirement: 'SKSML-MSG-22',
              severity: 'error',
              message: itemName
                ? `${name} has ekmi:any="false" (restricted) but lists no ${itemName}: add at least one, or set ekmi:any="true" with xsi:nil="true" if use is unrestricted`
                : `${name} has ekmi:any="false" (restricted) but no value: give the limit, or set ekmi:any="true" with xsi:nil="true" if use is unrestricted`,
            });
          }
        }
      }
    }
  },
};
