import { NEW_KEY_CHECKS } from '../checks/registry.ts';
import type { ConformanceCase } from '../model/case.ts';

export const newKeyEachProfileClass: ConformanceCase = {
  id: 'new-key-each-profile-class',
  title: 'New keys of every profile KeyClass',
  description:
    'One request lists every KeyClass of the profile; the target returns one key per class, each under a KeyUsePolicy of that class.',
  requirements: ['SKSML-SRV-42', 'SKSML-SRV-44', 'SKSML-SRV-40'],
  profile: { requires: ['keyClasses'] },
  requests: [{ build: 'newKeyRequest', keyClasses: 'profile' }],
  expect: { outcome: 'accept', checks: [...NEW_KEY_CHECKS] },
};
