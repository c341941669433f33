import { NEW_KEY_CHECKS } from '../checks/registry.ts';
import type { ConformanceCase } from '../model/case.ts';

export const newKeyFreshAcrossRequests: ConformanceCase = {
  id: 'new-key-fresh-across-requests',
  title: 'Keys are fresh across requests',
  description:
    'Two successive new-key requests yield different GlobalKeyIDs, different key bytes and different SymkeyRequestIDs.',
  requirements: ['SKSML-SRV-40', 'SKSML-SRV-49'],
  requests: [
    { id: 'first', build: 'newKeyRequest', expect: { outcome: 'accept', checks: [...NEW_KEY_CHECKS] } },
    { id: 'second', build: 'newKeyRequest' },
  ],
  expect: { outcome: 'accept', checks: [...NEW_KEY_CHECKS] },
};
