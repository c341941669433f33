import type { ConformanceCase } from '../model/case.ts';

export const soapNotAnEnvelope: ConformanceCase = {
  id: 'soap-not-an-envelope',
  title: 'Bare SKSML message refused',
  description: 'A SymkeyRequest posted without an envelope gets a VersionMismatch fault.',
  requirements: ['SKSML-BIND-7', 'SKSML-BIND-1'],
  requests: [{ build: 'newKeyRequest', soap: '1.2', mutate: ['xml:bare-message'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'VersionMismatch' } },
};
