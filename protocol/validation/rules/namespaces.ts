/** Elements of an SKSML message are namespace-qualified (outside the anyType Other slots). */
import type { LocatedElement } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { SKSML_NS } from '../sksml-names.ts';

function insideOther(at: LocatedElement): boolean {
  for (let p = at.parent; p; p = p.parent)
    if (p.element.namespaceURI === SKSML_NS && p.element.localName === 'Other') return true;
  return false;
}

export const namespacesRule: SemanticRule = {
  name: 'namespaces',
  requirements: ['SKSML-MSG-1'],
  codes: ['SEM_UNQUALIFIED_ELEMENT'],
  check(ctx) {
    for (const at of ctx.elements) {
      if (at.element.namespaceURI !== null || insideOther(at)) continue;
      // SKSML-MSG-1
      ctx.report(at, {
        code: 'SEM_UNQUALIFIED_ELEMENT',
        requirement: 'SKSML-MSG-1',
        severity: 'error',
        message: `element ${at.element.name} is in no namespace: SKSML elements are in ${SKSML_NS} (declare xmlns:ekmi and write ekmi:${at.element.localName})`,
      });
    }
  },
};
