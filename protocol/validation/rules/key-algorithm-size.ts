/** KeyUsePolicy: KeySize must be the key length of KeyAlgorithm. */
import { collapsedText, quote, sksmlChild } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';

const XMLENC = 'http://www.w3.org/2001/04/xmlenc#';

/** Key length in bits of each KeyAlgorithm (Triple DES counted as its 192-bit key length). */
export const KEY_SIZE_OF_ALGORITHM: Readonly<Record<string, number>> = {
  [`${XMLENC}tripledes-cbc`]: 192,
  [`${XMLENC}aes128-cbc`]: 128,
  [`${XMLENC}aes192-cbc`]: 192,
  [`${XMLENC}aes256-cbc`]: 256,
};

export const keyAlgorithmSizeRule: SemanticRule = {
  name: 'key-algorithm-size',
  requirements: ['SKSML-MSG-103'],
  codes: ['SEM_KEY_SIZE_MISMATCH'],
  check(ctx) {
    for (const at of ctx.sksml('KeyUsePolicy')) {
      const algEl = sksmlChild(at.element, 'KeyAlgorithm');
      const sizeEl = sksmlChild(at.element, 'KeySize');
      if (!algEl || !sizeEl) continue;
      const algorithm = collapsedText(algEl);
      const expected = KEY_SIZE_OF_ALGORITHM[algorithm];
      const sizeText = collapsedText(sizeEl);
      if (expected === undefined || !/^\+?[0-9]{1,6}$/.test(sizeText)) continue; // the schema reports these
      if (Number(sizeText) !== expected) {
        // SKSML-MSG-103
        ctx.report(ctx.locate(sizeEl), {
          code: 'SEM_KEY_SIZE_MISMATCH',
          requirement: 'SKSML-MSG-103',
          severity: 'error',
          message: `KeySize ${quote(sizeText)} does not match KeyAlgorithm ${algorithm.slice(XMLENC.length)}, whose keys are ${expected} bits: set KeySize to ${expected} or choose the matching algorithm`,
        });
      }
    }
  },
};
