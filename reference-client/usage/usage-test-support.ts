/** Test helpers of usage/: key material under a policy built from the test kit. */
import { randomBytes } from 'node:crypto';
import type { KeyAlgorithm, Status } from '../../protocol/model/enumerations.ts';
import type { KeyUsePolicy, Permissions } from '../../protocol/model/key-use-policy.ts';
import { buildKeyUsePolicy, buildUnrestrictedPermissions } from '../../protocol/testkit/builders.ts';
import type { KeyMaterial } from './key-material.ts';

export function policyWith(
  overrides: Partial<Permissions> = {},
  options: { keyAlgorithm?: KeyAlgorithm; status?: Status; keyClass?: string } = {},
): KeyUsePolicy {
  return buildKeyUsePolicy({
    ...options,
    permissions: { ...buildUnrestrictedPermissions(), ...overrides },
  });
}

export function materialFor(globalKeyId: string, keyUsePolicy: KeyUsePolicy): KeyMaterial {
  return {
    globalKeyId,
    keyUsePolicy,
    key: new Uint8Array(randomBytes(keyUsePolicy.keySize / 8)),
    source: 'server',
  };
}
