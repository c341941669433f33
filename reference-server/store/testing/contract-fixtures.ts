/** Values and helpers shared by the store contract suites (store-contract.ts, escrow-contract.ts). */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { GlobalKeyID } from '../../../protocol/model/identifiers.ts';
import type { NewKey } from '../records.ts';
import type { SksStore } from '../store.ts';
import { IntegrityError } from '../store-error.ts';

export const DOMAIN = 10514n;
export const SERVER = 7n;
export const AES256 = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';

export function gkid(keyId: bigint, serverId = SERVER, domainId = DOMAIN): GlobalKeyID {
  return { domainId, serverId, keyId };
}

export function newKey(keyId: bigint, extra: Partial<NewKey> = {}): NewKey {
  return {
    globalKeyId: gkid(keyId),
    keyClass: 'default',
    ownerClientId: 'alice',
    algorithm: AES256,
    keySize: 256,
    sealedKey: randomBytes(48),
    ...extra,
  };
}

/** The clients (alice, bob) and the key class (default) every contract test starts with. */
export async function seed(store: SksStore): Promise<void> {
  await store.insertClient({ id: 'alice', certificateDer: randomBytes(64), subject: 'CN=alice' });
  await store.insertClient({
    id: 'bob',
    certificateDer: randomBytes(64),
    subject: 'CN=bob',
    groups: ['ops'],
  });
  await store.putKeyClass({
    name: 'default',
    keyUsePolicy: '<KeyUsePolicy/>',
    keyCachePolicy: '{}',
    requiresApproval: false,
  });
}

export async function expectIntegrityError(promise: Promise<unknown>): Promise<IntegrityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntegrityError);
  expect((error as IntegrityError).code).toBe('STORE_INTEGRITY');
  return error as IntegrityError;
}
