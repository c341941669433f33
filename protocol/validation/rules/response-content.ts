/** A SymkeyResponse holds keys, work-in-progress entries or errors, and nothing else. */
import { childElements } from '../../xml/tree.ts';
import type { SemanticRule } from '../rule.ts';
import { SKSML_NS } from '../sksml-names.ts';

const ENTRIES = new Set(['Symkey', 'SymkeyWorkInProgress', 'SymkeyError']);

export const responseContentRule: SemanticRule = {
  name: 'response-content',
  requirements: ['SKSML-MSG-114'],
  codes: ['SEM_RESPONSE_EMPTY', 'SEM_RESPONSE_FOREIGN_CONTENT'],
  check(ctx) {
    for (const at of ctx.sksml('SymkeyResponse')) {
      const kids = childElements(at.element);
      const entries = kids.filter((k) => k.namespaceURI === SKSML_NS && ENTRIES.has(k.localName));
      if (entries.length === 0) {
        // SKSML-MSG-114
        ctx.report(at, {
          code: 'SEM_RESPONSE_EMPTY',
          requirement: 'SKSML-MSG-114',
          severity: 'error',
          message:
            'SymkeyResponse holds no Symkey, SymkeyWorkInProgress or SymkeyError: a response answers every requested item with one of them',
        });
      }
      for (const k of kids) {
        if (k.namespaceURI === SKSML_NS && ENTRIES.has(k.localName)) continue;
        // SKSML-MSG-114
        ctx.report(ctx.locate(k), {
          code: 'SEM_RESPONSE_FOREIGN_CONTENT',
          requirement: 'SKSML-MSG-114',
          severity: 'error',
          message: `SymkeyResponse contains ${k.name}${k.namespaceURI ? ` {${k.namespaceURI}}` : ''}: only Symkey, SymkeyWorkInProgress and SymkeyError may appear there`,
        });
      }
    }
  },
};
