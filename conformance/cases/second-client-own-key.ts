import type { ConformanceCase } from '../model/case.ts';

export const secondClientOwnKey: ConformanceCase = {
  id: 'second-client-own-key',
  title: 'Keys are wrapped for the client that asks',
  description: "A new key requested by client2 decrypts with client2's private key.",
  requirements: ['SKSML-SRV-38'],
  profile: { requires: ['secondClient'] },
  requests: [{ build: 'newKeyRequest', sign: 'client2' }],
  expect: {
    outcome: 'accept',
    checks: ['response-signed-by-server', 'key-decrypts', 'key-size-matches-policy', 'keys-fresh'],
  },
};
