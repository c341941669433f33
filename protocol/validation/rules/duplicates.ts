/** Repeated GlobalKeyID, SymkeyRequestID or KeyClass entries in one SymkeyRequest (warnings). */
import { directText } from '../../xml/tree.ts';
import type { RuleContext } from '../rule-context.ts';
import { collapsedText, quote, sksmlChild, sksmlChildren } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import type { XmlElement } from '../../xml/tree.ts';

/** IDs compare by numeric value, so `010514-1-2` repeats `10514-1-2`. */
function idKey(el: XmlElement): string {
  const text = collapsedText(el);
  return /^[0-9]+(-[0-9]+)*$/.test(text)
    ? text
        .split('-')
        .map((p) => p.replace(/^0+(?=[0-9])/, ''))
        .join('-')
    : text;
}

function reportRepeats(
  ctx: RuleContext,
  elements: readonly XmlElement[],
  keyOf: (el: XmlElement) => string,
  report: (el: XmlElement, firstPath: string) => void,
): void {
  const first = new Map<string, XmlElement>();
  for (const el of elements) {
    const key = keyOf(el);
    const earlier = first.get(key);
    if (earlier) report(el, ctx.locate(earlier).path);
    else first.set(key, el);
  }
}

export const duplicatesRule: SemanticRule = {
  name: 'duplicates',
  requirements: ['SKSML-MSG-107', 'SKSML-MSG-108'],
  codes: ['SEM_DUPLICATE_ID', 'SEM_DUPLICATE_KEYCLASS'],
  check(ctx) {
    for (const request of ctx.sksml('SymkeyRequest')) {
      for (const name of ['GlobalKeyID', 'SymkeyRequestID']) {
        reportRepeats(ctx, sksmlChildren(request.element, name), idKey, (el, firstPath) =>
          // SKSML-MSG-107
          ctx.report(ctx.locate(el), {
            code: 'SEM_DUPLICATE_ID',
            requirement: 'SKSML-MSG-107',
            severity: 'warning',
            message: `${name} ${quote(collapsedText(el))} repeats ${firstPath}: each ID should be asked for once`,
          }),
        );
      }
      const classes = sksmlChild(request.element, 'KeyClasses');
      if (!classes) continue;
      reportRepeats(ctx, sksmlChildren(classes, 'KeyClass'), directText, (el, firstPath) =>
        // SKSML-MSG-108
        ctx.report(ctx.locate(el), {
          code: 'SEM_DUPLICATE_KEYCLASS',
          requirement: 'SKSML-MSG-108',
          severity: 'warning',
          message: `KeyClass ${quote(directText(el))} repeats ${firstPath}: the server returns one key per listed class, so this asks for several keys of the same class`,
        }),
      );
    }
  },
};
