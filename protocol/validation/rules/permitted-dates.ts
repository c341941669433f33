/** PermittedDate ranges: well-formed calendar dates, StartDate not after EndDate. */
import type { XmlElement } from '../../xml/tree.ts';
import { collapsedText, quote, sksmlChild } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { parsePlainDate } from '../values.ts';

export const permittedDatesRule: SemanticRule = {
  name: 'permitted-dates',
  requirements: ['SKSML-MSG-24', 'SKSML-MSG-102'],
  codes: ['SEM_DATE_MALFORMED', 'SEM_DATE_RANGE_REVERSED'],
  check(ctx) {
    for (const at of ctx.sksml('PermittedDate')) {
      const read = (name: string): { el: XmlElement; value: number | null; text: string } | null => {
        const el = sksmlChild(at.element, name);
        if (!el) return null;
        const text = collapsedText(el);
        const value = parsePlainDate(text);
        if (value === null) {
          // SKSML-MSG-24
          ctx.report(ctx.locate(el), {
            code: 'SEM_DATE_MALFORMED',
            requirement: 'SKSML-MSG-24',
            severity: 'error',
            message: `${name} ${quote(text)} is not a calendar date written YYYY-MM-DD without a time zone`,
          });
        }
        return { el, value, text };
      };
      const start = read('StartDate');
      const end = read('EndDate');
      if (start?.value != null && end?.value != null && start.value > end.value) {
        // SKSML-MSG-102
        ctx.report(at, {
          code: 'SEM_DATE_RANGE_REVERSED',
          requirement: 'SKSML-MSG-102',
          severity: 'error',
          message: `PermittedDate starts on ${start.text} but ends earlier, on ${end.text}: StartDate must not be after EndDate (swap them?)`,
        });
      }
    }
  },
};
