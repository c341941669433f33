/**
 * KeyCachePolicy checks: StartDate not after a non-nil EndDate, PolicyCheckInterval 0 and
 * zero-valued cache details (project readings, reported as warnings).
 */
import { findAttribute } from '../../xml/tree.ts';
import type { XmlElement } from '../../xml/tree.ts';
import { collapsedText, quote, sksmlChild } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { XSI_NS } from '../sksml-names.ts';
import { parseXsdBoolean, parseXsdDateTime, parseXsdInteger } from '../values.ts';

function isNil(el: XmlElement): boolean {
  const nil = findAttribute(el, XSI_NS, 'nil');
  return nil !== undefined && parseXsdBoolean(nil.value) === true;
}

export const cachePolicyRule: SemanticRule = {
  name: 'cache-policy',
  requirements: ['SKSML-MSG-33', 'SKSML-MSG-104', 'SKSML-MSG-112', 'SKSML-MSG-117'],
  codes: [
    'SEM_DATETIME_MALFORMED',
    'SEM_KCP_DATES_REVERSED',
    'SEM_POLICY_CHECK_ZERO',
    'SEM_CACHE_DETAIL_ZERO',
  ],
  check(ctx) {
    for (const at of ctx.sksml('KeyCachePolicy')) {
      const read = (name: string): { value: number | null; text: string } | null => {
        const el = sksmlChild(at.element, name);
        if (!el || isNil(el)) return null;
        const text = collapsedText(el);
        const value = parseXsdDateTime(text);
        if (value === null) {
          // SKSML-MSG-33
          ctx.report(ctx.locate(el), {
            code: 'SEM_DATETIME_MALFORMED',
            requirement: 'SKSML-MSG-33',
            severity: 'error',
            message: `${name} ${quote(text)} is not an xsd:dateTime such as 2026-01-31T00:00:00Z`,
          });
        }
        return { value, text };
      };
      const start = read('StartDate');
      const end = read('EndDate');
      if (start?.value != null && end?.value != null && start.value > end.value) {
        // SKSML-MSG-104
        ctx.report(at, {
          code: 'SEM_KCP_DATES_REVERSED',
          requirement: 'SKSML-MSG-104',
          severity: 'error',
          message: `KeyCachePolicy takes effect at ${start.text} but becomes obsolete earlier, at ${end.text}: StartDate must not be after EndDate (for a policy that never expires, use EndDate xsi:nil="true")`,
        });
      }
      const interval = sksmlChild(at.element, 'PolicyCheckInterval');
      if (interval && parseXsdInteger(collapsedText(interval)) === 0n) {
        // SKSML-MSG-112 (project reading of 0: re-request before every caching decision)
        ctx.report(ctx.locate(interval), {
          code: 'SEM_POLICY_CHECK_ZERO',
          requirement: 'SKSML-MSG-112',
          severity: 'warning',
          message:
            'PolicyCheckInterval is 0: clients must then re-request the cache policy before every caching decision; give the number of seconds between checks (at most 2592000)',
        });
      }
      for (const detailName of ['NewKeysCacheDetail', 'UsedKeysCacheDetail']) {
        const detail = sksmlChild(at.element, detailName);
        if (!detail) continue;
        const zero = ['MaximumKeys', 'MaximumDuration'].filter((n) => {
          const el = sksmlChild(detail, n);
          return el !== undefined && parseXsdInteger(collapsedText(el)) === 0n;
        });
        if (zero.length > 0) {
          // SKSML-MSG-117
          ctx.report(ctx.locate(detail), {
            code: 'SEM_CACHE_DETAIL_ZERO',
            requirement: 'SKSML-MSG-117',
            severity: 'warning',
            message: `${detailName} has ${zero.join(' and ')} 0, which forbids caching these keys: omit ${detailName} instead to say so`,
          });
        }
      }
    }
  },
};
