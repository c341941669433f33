/**
 * The serializer memos (build-key-use-policy.ts, build-symkey.ts) against the unmemoized builders:
 * the same XML for every value, failures never remembered, and any value that can still change is
 * rebuilt on every call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RSA_OAEP,
  RSA_OAEP_MGF1P,
  DIGEST_SHA1,
  DIGEST_SHA256,
  MGF1_SHA256,
} from '../../keytransport/algorithms.ts';
import { arbitraryKeyUsePolicy } from '../../testkit/arbitraries/key-use-policy.ts';
import { buildUnrestrictedPermissions } from '../../testkit/builders.ts';
import { writeXml, type WriterElement } from '../../xml/writer.ts';
import { DIGEST_ALGORITHMS } from '../enumerations.ts';
import type { KeyUsePolicy } from '../key-use-policy.ts';
import { ModelError } from '../model-error.ts';
import { SKSML_PREFIXES } from '../namespaces.ts';
import type { EncryptionMethod } from '../symkey.ts';
import { buildKeyUsePolicy, buildKeyUsePolicyElement } from './build-key-use-policy.ts';
import { buildEncryptionMethod, buildEncryptionMethodElement } from './build-symkey.ts';
import { deepFreeze, isDeeplyFrozen } from './frozen-values.ts';

const write = (el: WriterElement): string => writeXml(el, { prefixes: SKSML_PREFIXES });

function unrestrictedPolicy(): KeyUsePolicy {
  return {
    keyUsePolicyId: { domainId: 10514n, localId: 1n },
    policyName: 'p',
    keyClass: 'HR',
    keyAlgorithm: 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
    keySize: 256,
    status: 'Active',
    permissions: buildUnrestrictedPermissions(),
  };
}

describe('KeyUsePolicy memo', () => {
  it('writes the same XML as the unmemoized builder, frozen or not, on every call', () => {
    fc.assert(
      fc.property(arbitraryKeyUsePolicy(), (policy) => {
        const expected = write(buildKeyUsePolicyElement(policy, '/KeyUsePolicy'));
        const frozen = deepFreeze(structuredClone(policy));
        const first = buildKeyUsePolicy(frozen, '/KeyUsePolicy');
        const second = buildKeyUsePolicy(frozen, '/KeyUsePolicy');
        expect(write(first)).toBe(expected);
        expect(write(second)).toBe(expected);
        expect(write(buildKeyUsePolicy(policy, '/KeyUsePolicy'))).toBe(expected);
        // Remembered only for deeply frozen policies, and then shared and itself frozen.
        if (isDeeplyFrozen(frozen)) {
          expect(second).toBe(first);
          expect(isDeeplyFrozen(first)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rebuilds a policy that can still change (not frozen, or holding bytes)', () => {
    const open = unrestrictedPolicy();
    const before = write(buildKeyUsePolicy(open, '/K'));
    (open as { policyName: string }).policyName = 'changed';
    const after = write(buildKeyUsePolicy(open, '/K'));
    expect(before).toContain('>p<');
    expect(after).toContain('>changed<');

    const withDigest = deepFreeze({
      ...unrestrictedPolicy(),
      permissions: {
        ...unrestrictedPolicy().permissions,
        permittedApplications: {
          any: false,
          applications: [
            {
              applicationId: { domainId: 10514n, localId: 2n },
              applicationName: 'app',
              digest: { algorithm: DIGEST_ALGORITHMS[0], value: new Uint8Array([1, 2, 3]) },
            },
          ],
        },
      },
    });
    const one = write(buildKeyUsePolicy(withDigest, '/K'));
    const apps = withDigest.permissions.permittedApplications;
    if (apps.any) throw new Error('unexpected');
    apps.applications[0]!.digest.value[0] = 0xff;
    const two = write(buildKeyUsePolicy(withDigest, '/K'));
    expect(one).toContain('AQID');
    expect(two).toContain('/wID');
  });

  it('never remembers a failure: an invalid frozen policy fails on every call', () => {
    const bad = deepFreeze({ ...unrestrictedPolicy(), policyName: 'a\u0000b' });
    for (let i = 0; i < 2; i++)
      expect(() => buildKeyUsePolicy(bad, '/K')).toThrow(
        expect.objectContaining({ code: 'MODEL_INVALID_VALUE' }),
      );
    const wrongSize = deepFreeze({ ...unrestrictedPolicy(), keySize: 100 } as unknown as KeyUsePolicy);
    for (let i = 0; i < 2; i++) expect(() => buildKeyUsePolicy(wrongSize, '/K')).toThrow(ModelError);
  });
});

describe('EncryptionMethod memo', () => {
  const uriLike = fc.oneof(
    fc.constantFrom(RSA_OAEP, RSA_OAEP_MGF1P, DIGEST_SHA1, DIGEST_SHA256, MGF1_SHA256, 'urn:x', ''),
    fc.string({ maxLength: 12 }),
  );

  it('writes what the unmemoized builder writes, and fails where it fails, on every call', () => {
    fc.assert(
      fc.property(
        uriLike,
        fc.option(uriLike, { nil: undefined }),
        fc.option(uriLike, { nil: undefined }),
        (algorithm, digestMethod, mgf) => {
          const method: EncryptionMethod = {
            algorithm,
            ...(digestMethod === undefined ? {} : { digestMethod }),
            ...(mgf === undefined ? {} : { mgf }),
          };
          let expected: string | ModelError;
          try {
            expected = write(buildEncryptionMethodElement(method, '/E'));
          } catch (error) {
            if (!(error instanceof ModelError)) throw error;
            expected = error;
          }
          for (let i = 0; i < 2; i++) {
            if (typeof expected === 'string')
              expect(write(buildEncryptionMethod({ ...method }, '/E'))).toBe(expected);
            else expect(() => buildEncryptionMethod({ ...method }, '/E')).toThrow(expected.message);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps triples apart that a joined key could confuse', () => {
    const a = write(buildEncryptionMethod({ algorithm: 'urn:a', digestMethod: 'urn:b' }, '/E'));
    const b = write(buildEncryptionMethod({ algorithm: 'urn:a', mgf: 'urn:b' }, '/E'));
    const c = write(buildEncryptionMethod({ algorithm: 'urn:a' }, '/E'));
    expect(new Set([a, b, c]).size).toBe(3);
    expect(() => buildEncryptionMethod({ algorithm: 'urn:a\u0000', digestMethod: 'urn:b' }, '/E')).toThrow(
      ModelError,
    );
  });

  it('builds methods with OAEPparams, KeySize or extensions anew', () => {
    const params = new Uint8Array([1, 2]);
    const method = { algorithm: RSA_OAEP, digestMethod: DIGEST_SHA256, oaepParams: params };
    const first = write(buildEncryptionMethod(method, '/E'));
    params[0] = 0xff;
    const second = write(buildEncryptionMethod(method, '/E'));
    expect(first).not.toBe(second);
    expect(write(buildEncryptionMethod({ algorithm: RSA_OAEP, keySize: 256 }, '/E'))).toContain('KeySize');
  });
});
