import type { ConformanceCase } from '../model/case.ts';

export const existingKeyRoundtrip: ConformanceCase = {
  id: 'existing-key-roundtrip',
  title: 'An existing key is served again, unchanged',
  description:
    'After a new key is created, asking for its GlobalKeyID returns the same GlobalKeyID (compared as numbers) and the same key bytes.',
  requirements: ['SKSML-SRV-41'],
  requests: [
    { id: 'create', build: 'newKeyRequest' },
    { id: 'fetch', build: 'existingKeyRequest', globalKeyIds: [{ fromStep: 'create' }] },
  ],
  expect: {
    outcome: 'accept',
    checks: [
      'response-http-200',
      'response-signed-by-server',
      'response-schema-valid',
      'response-semantics-valid',
      'key-decrypts',
      'key-size-matches-policy',
      'existing-key-matches',
      'each-item-answered',
      'request-ids-unique',
    ],
  },
};
