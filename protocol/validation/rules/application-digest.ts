/** PermittedApplication digests: paired, base64, and as long as the named digest algorithm's output. */
import { directText } from '../../xml/tree.ts';
import { collapsedText, quote, sksmlChild } from '../rule-context.ts';
import type { SemanticRule } from '../rule.ts';
import { decodeBase64 } from '../values.ts';

/** Output length in bytes of each application DigestAlgorithm. */
export const DIGEST_LENGTH: Readonly<Record<string, number>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 20,
  'http://www.w3.org/2001/04/xmlenc#sha256': 32,
  'http://www.w3.org/2001/04/xmlenc#sha512': 64,
};

export const applicationDigestRule: SemanticRule = {
  name: 'application-digest',
  requirements: ['SKSML-MSG-28', 'SKSML-MSG-109'],
  codes: ['SEM_DIGEST_UNPAIRED', 'SEM_DIGEST_NOT_BASE64', 'SEM_DIGEST_LENGTH'],
  check(ctx) {
    for (const at of ctx.sksml('PermittedApplication')) {
      const algEl = sksmlChild(at.element, 'DigestAlgorithm');
      const valueEl = sksmlChild(at.element, 'DigestValue');
      if (!algEl && !valueEl) continue;
      if (!algEl || !valueEl) {
        // SKSML-MSG-28
        ctx.report(at, {
          code: 'SEM_DIGEST_UNPAIRED',
          requirement: 'SKSML-MSG-28',
          severity: 'error',
          message: `PermittedApplication has ${algEl ? 'DigestAlgorithm without DigestValue' : 'DigestValue without DigestAlgorithm'}: give both or neither`,
        });
        continue;
      }
      const bytes = decodeBase64(directText(valueEl));
      if (bytes === null) {
        // SKSML-MSG-28
        ctx.report(ctx.locate(valueEl), {
          code: 'SEM_DIGEST_NOT_BASE64',
          requirement: 'SKSML-MSG-28',
          severity: 'error',
          message: 'DigestValue is not base64: it must hold the digest bytes in base64',
        });
        continue;
      }
      const algorithm = collapsedText(algEl);
      const expected = DIGEST_LENGTH[algorithm];
      if (expected !== undefined && bytes.length !== expected) {
        // SKSML-MSG-109
        ctx.report(ctx.locate(valueEl), {
          code: 'SEM_DIGEST_LENGTH',
          requirement: 'SKSML-MSG-109',
          severity: 'error',
          message: `DigestValue decodes to ${bytes.length} bytes, but ${quote(algorithm.replace(/^.*#/, ''))} digests are ${expected} bytes: check the algorithm or the value`,
        });
      }
    }
  },
};
