import { NEW_KEY_CHECKS } from '../checks/registry.ts';
import type { ConformanceCase } from '../model/case.ts';

export const newKeyDefaultClass: ConformanceCase = {
  id: 'new-key-default-class',
  title: 'New key of the default class',
  description:
    'A signed SymkeyRequest for the new-key sentinel without KeyClasses yields one fresh key of a default class, wrapped for the requesting client and delivered in a signed, valid response.',
  requirements: ['SKSML-SRV-40', 'SKSML-SRV-43', 'SKSML-SRV-38', 'SKSML-SRV-36'],
  requests: [{ build: 'newKeyRequest' }],
  expect: { outcome: 'accept', checks: [...NEW_KEY_CHECKS] },
};
