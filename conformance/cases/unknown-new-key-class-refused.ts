import type { ConformanceCase } from '../model/case.ts';

export const unknownNewKeyClassRefused: ConformanceCase = {
  id: 'unknown-new-key-class-refused',
  title: 'A KeyClass the target does not serve gives a SymkeyError',
  description:
    'A new-key request for an invented KeyClass is refused for that item with a SymkeyError naming the class.',
  requirements: ['SKSML-SRV-45', 'SKSML-SRV-107'],
  requests: [{ build: 'newKeyRequest', keyClasses: ['sksml-conformance-no-such-class'] }],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-UNKNOWN-KEY-CLASS' },
    checks: ['response-signed-by-server', 'response-schema-valid', 'symkey-error-for-item'],
  },
};
