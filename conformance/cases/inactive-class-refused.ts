import type { ConformanceCase } from '../model/case.ts';

export const inactiveClassRefused: ConformanceCase = {
  id: 'inactive-class-refused',
  title: 'No new keys of an inactive class',
  description:
    "A new-key request for the profile's class whose KeyUsePolicy is Inactive is answered with SymkeyError SKS-POLICY-INACTIVE.",
  requirements: ['SKSML-SRV-108', 'SKSML-SRV-45'],
  profile: { requires: ['inactiveKeyClass'] },
  requests: [{ build: 'newKeyRequest', keyClasses: ['@inactive'] }],
  expect: {
    outcome: 'reject',
    phase: 'application',
    symkeyError: { errorCode: 'SKS-POLICY-INACTIVE' },
    checks: ['response-signed-by-server', 'symkey-error-for-item'],
  },
};
