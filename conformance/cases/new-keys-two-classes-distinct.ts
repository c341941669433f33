import { NEW_KEY_CHECKS } from '../checks/registry.ts';
import type { ConformanceCase } from '../model/case.ts';

export const newKeysTwoClassesDistinct: ConformanceCase = {
  id: 'new-keys-two-classes-distinct',
  title: 'Two classes in one request give two distinct keys',
  description:
    'A request for two KeyClasses returns two keys with different GlobalKeyIDs and different key bytes.',
  requirements: ['SKSML-SRV-42', 'SKSML-SRV-40'],
  profile: { requires: ['twoKeyClasses'] },
  requests: [{ build: 'newKeyRequest', keyClasses: 'profile-first-two' }],
  expect: { outcome: 'accept', checks: [...NEW_KEY_CHECKS] },
};
