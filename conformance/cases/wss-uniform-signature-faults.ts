import type { ConformanceCase } from '../model/case.ts';

export const wssUniformSignatureFaults: ConformanceCase = {
  id: 'wss-uniform-signature-faults',
  title: 'Signature failures are indistinguishable',
  description:
    'A SignatureValue with invalid padding, a well-formed signature over other data, and a digest mismatch all get the same fault: same status, code, subcode and reason text (no padding or verification oracle).',
  requirements: ['SKSML-WSS-24', 'SKSML-WSS-21', 'SKSML-BIND-22'],
  requests: [
    {
      id: 'bad-padding',
      build: 'newKeyRequest',
      mutate: ['wss:signature-bad-padding'],
      expect: {
        outcome: 'reject',
        phase: 'security',
        fault: { code: 'Sender', subcode: 'wsse:FailedCheck' },
      },
    },
    {
      id: 'bad-signature',
      build: 'newKeyRequest',
      mutate: ['wss:signature-wrong-data'],
      expect: {
        outcome: 'reject',
        phase: 'security',
        fault: { code: 'Sender', subcode: 'wsse:FailedCheck' },
      },
    },
    { id: 'bad-digest', build: 'newKeyRequest', mutate: ['wss:digest-mismatch'] },
  ],
  expect: { outcome: 'reject', phase: 'security', fault: { code: 'Sender', subcode: 'wsse:FailedCheck' } },
  uniform: ['bad-padding', 'bad-signature', 'bad-digest'],
};
