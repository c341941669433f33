/** Algorithm downgrade and transform attacks (SKSML-WSS-12..15). */
import {
  C14N_10,
  DSA_SHA1,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  EXC_C14N_WITH_COMMENTS,
  RSA_SHA1,
  SHA1,
} from '../../wss/algorithms.ts';
import type { AttackFixture } from './context.ts';
import { forge } from './forge.ts';

export const ALGORITHM_FIXTURES: readonly AttackFixture[] = [
  {
    name: 'rsa-sha1-without-legacy-switch',
    category: 'algorithm',
    description: 'RSA-SHA1 SignatureMethod while the verifier has not enabled legacy mode',
    expected: { code: 'WSS_UNSUPPORTED_ALGORITHM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({
      xml: forge(c.template({ signatureMethod: RSA_SHA1 }), {
        kind: 'private',
        key: c.signer.privateKey,
        hash: 'sha1',
      }),
    }),
  },
  {
    name: 'sha1-digest',
    category: 'algorithm',
    description: 'SHA-1 DigestMethod',
    expected: { code: 'WSS_UNSUPPORTED_ALGORITHM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({
      xml: c.signed({
        references: [
          { uri: '#id-body', digestMethod: SHA1 },
          { uri: '#id-ts', digestMethod: SHA1 },
        ],
      }),
    }),
  },
  {
    name: 'dsa-signature-method',
    category: 'algorithm',
    description: 'DSA-SHA1 SignatureMethod',
    expected: { code: 'WSS_UNSUPPORTED_ALGORITHM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({ xml: c.signed({ signatureMethod: DSA_SHA1 }) }),
  },
  {
    name: 'inclusive-c14n-transform',
    category: 'algorithm',
    description: 'inclusive c14n 1.0 as the Reference transform',
    expected: { code: 'WSS_UNSUPPORTED_TRANSFORM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({
      xml: c.signed({ references: [{ uri: '#id-body', transforms: [C14N_10] }, { uri: '#id-ts' }] }),
    }),
  },
  {
    name: 'enveloped-signature-transform',
    category: 'algorithm',
    description: 'the enveloped-signature transform before exc-c14n',
    expected: { code: 'WSS_UNSUPPORTED_TRANSFORM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({
      xml: c.signed({
        references: [{ uri: '#id-body', transforms: [ENVELOPED_SIGNATURE, EXC_C14N] }, { uri: '#id-ts' }],
      }),
    }),
  },
  {
    name: 'no-transform',
    category: 'algorithm',
    description: 'a Reference without any transform (implicit inclusive c14n)',
    expected: { code: 'WSS_UNSUPPORTED_TRANSFORM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({
      xml: c.signed().replace(/<ds:Transforms>.*?<\/ds:Transforms>/, ''),
    }),
  },
  {
    name: 'inclusive-c14n-signed-info',
    category: 'algorithm',
    description: 'inclusive c14n 1.0 as the CanonicalizationMethod of SignedInfo',
    expected: { code: 'WSS_UNSUPPORTED_ALGORITHM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({ xml: c.signed({ canonicalizationMethod: C14N_10 }) }),
  },
  {
    name: 'exc-c14n-with-comments-signed-info',
    category: 'algorithm',
    description: 'exc-c14n WithComments as the CanonicalizationMethod',
    expected: { code: 'WSS_UNSUPPORTED_ALGORITHM', fault: 'UnsupportedAlgorithm' },
    build: (c) => ({ xml: c.signed({ canonicalizationMethod: EXC_C14N_WITH_COMMENTS }) }),
  },
];
