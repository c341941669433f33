import type { ConformanceCase } from '../model/case.ts';

export const newKeyOtherDomain: ConformanceCase = {
  id: 'new-key-other-domain',
  title: 'A GlobalKeyID of another domain is refused',
  description:
    "A new-key request in a DomainID other than the target's is answered with SymkeyError SKS-DOMAIN-MISMATCH.",
  requirements: ['SKSML-SRV-111', 'SKSML-SRV-45'],
  requests: [{ build: 'newKeyRequest', otherDomain: true }],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-DOMAIN-MISMATCH' },
    checks: ['response-signed-by-server', 'response-schema-valid', 'symkey-error-for-item'],
  },
};
