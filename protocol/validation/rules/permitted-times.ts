/**
 * PermittedTime windows: well-formed times; a window whose StartTime is after its EndTime is read
 * as crossing midnight and one with equal times as a single second (project decisions recorded
 * with SKSML-MSG-111), both reported as warnings.
 */
import type { XmlElement } from '../../xml/tree.ts';
import { collapsedText, quote, sksmlChild } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { parsePlainTime } from '../values.ts';

export const permittedTimesRule: SemanticRule = {
  name: 'permitted-times',
  requirements: ['SKSML-MSG-25', 'SKSML-MSG-111'],
  codes: ['SEM_TIME_MALFORMED', 'SEM_TIME_WINDOW_WRAPS', 'SEM_TIME_WINDOW_INSTANT'],
  check(ctx) {
    for (const at of ctx.sksml('PermittedTime')) {
      const read = (name: string): { el: XmlElement; value: number | null; text: string } | null => {
        const el = sksmlChild(at.element, name);
        if (!el) return null;
        const text = collapsedText(el);
        const value = parsePlainTime(text);
        if (value === null) {
          // SKSML-MSG-25
          ctx.report(ctx.locate(el), {
            code: 'SEM_TIME_MALFORMED',
            requirement: 'SKSML-MSG-25',
            severity: 'error',
            message: `${name} ${quote(text)} is not a 24-hour time written HH:MM:SS without fraction or time zone`,
          });
        }
        return { el, value, text };
      };
      const start = read('StartTime');
      const end = read('EndTime');
      if (start?.value == null || end?.value == null) continue;
      if (start.value > end.value) {
        // SKSML-MSG-111 (project reading: the window crosses midnight)
        ctx.report(at, {
          code: 'SEM_TIME_WINDOW_WRAPS',
          requirement: 'SKSML-MSG-111',
          severity: 'warning',
          message: `PermittedTime ${start.text}-${end.text} ends before it starts: it is read as crossing midnight (${start.text} to 23:59:59 and 00:00:00 to ${end.text}); if that is not meant, swap the times`,
        });
      } else if (start.value === end.value) {
        // SKSML-MSG-111
        ctx.report(at, {
          code: 'SEM_TIME_WINDOW_INSTANT',
          requirement: 'SKSML-MSG-111',
          severity: 'warning',
          message: `PermittedTime starts and ends at ${start.text}: the window is a single second`,
        });
      }
    }
  },
};
