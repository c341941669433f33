import type { ConformanceCase } from '../model/case.ts';

export const unknownKeySymkeyError: ConformanceCase = {
  id: 'unknown-key-symkey-error',
  title: 'An unknown GlobalKeyID gives a SymkeyError',
  description:
    'Asking for a GlobalKeyID the target never issued yields a signed SymkeyResponse with a SymkeyError naming it (HTTP 200), not a key and not a fault.',
  requirements: ['SKSML-SRV-45', 'SKSML-SRV-106', 'SKSML-BIND-20'],
  requests: [{ build: 'existingKeyRequest', globalKeyIds: [{ unknown: true }] }],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-UNKNOWN-KEY' },
    checks: [
      'response-http-200',
      'response-signed-by-server',
      'response-schema-valid',
      'response-semantics-valid',
      'symkey-error-for-item',
      'gkid-format',
    ],
  },
};
