/**
 * Property (SKSML-CLT-63, SKSML-CLT-105): over any sequence of encryptions, decryptions, restarts
 * of the client and evictions/re-fetches of the key, the number of encryptions released never
 * exceeds PermittedNumberOfTransactions, and decryptions are neither refused nor counted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeyCache, type KeyCache } from '../cache/key-cache.ts';
import { createMemoryKeyCacheStore } from '../cache/memory-key-cache-store.ts';
import { buildKeyCachePolicy } from '../../protocol/testkit/builders.ts';
import { createTestPki } from '../../protocol/testkit/pki.ts';
import { createKeyUser } from './key-user.ts';
import { createCacheStateStore } from './key-use-state-store.ts';
import { materialFor, policyWith } from './usage-test-support.ts';
import { KeyUseDeniedError } from './usage-errors.ts';

type Step = 'encrypt' | 'decrypt' | 'restart' | 'refetch';

const T0 = new Date('2026-03-02T10:00:00Z');
const ID = '10514-1-77';

describe('key use counter (property)', () => {
  const credential = createTestPki().clients[0]!;
  const credentials = { privateKey: credential.privateKey, certificate: credential.certificate };

  it('never releases more encryptions than PermittedNumberOfTransactions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 6n }),
        fc.array(fc.constantFrom<Step>('encrypt', 'encrypt', 'decrypt', 'restart', 'refetch'), {
          maxLength: 25,
        }),
        fc.boolean(),
        async (limit, steps, cacheUsedKeys) => {
          const store = createMemoryKeyCacheStore();
          const policies = [
            cacheUsedKeys ? buildKeyCachePolicy() : buildKeyCachePolicy({ usedKeysCacheDetail: undefined }),
          ];
          const kup = policyWith({ permittedNumberOfTransactions: { any: false, count: limit } });
          const material = materialFor(ID, kup);
          const open = (): Promise<KeyCache> =>
            createKeyCache({ store, credentials, policies, clock: () => T0 });
          let cache = await open();
          await cache.put({ globalKeyId: ID, keyUsePolicy: kup, key: material.key });
          let user = createKeyUser({ states: createCacheStateStore(cache), clock: () => T0 });
          let encryptions = 0n;
          let attempts = 0n;
          for (const step of steps) {
            if (step === 'restart') {
              cache.close();
              cache = await open();
              user = createKeyUser({ states: createCacheStateStore(cache), clock: () => T0 });
            } else if (step === 'refetch') {
              // The key leaves the cache and comes back from the server: the state must not reset.
              await cache.delete(ID);
              await cache.put({ globalKeyId: ID, keyUsePolicy: kup, key: material.key });
            } else if (step === 'decrypt') {
              await user.authorize(material, { operation: 'decrypt' }); // never refused
            } else {
              attempts++;
              try {
                (await user.authorize(material, { operation: 'encrypt' })).wipe();
                encryptions++;
              } catch (e) {
                if (!(e instanceof KeyUseDeniedError)) throw e;
                expect(e.violations.map((v) => v.requirement)).toEqual(['SKSML-CLT-63']);
              }
            }
            expect(encryptions <= limit).toBe(true);
          }
          expect(encryptions).toBe(attempts < limit ? attempts : limit);
          expect(cache.getState(ID)?.encryptionsPerformed ?? 0n).toBe(encryptions);
          cache.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
