/** Checks of the delivered keys: count, classes, decryption, size, transport, freshness, identity. */
import { KEY_SIZE_OF_ALGORITHM, KEY_TRANSPORT_ALGORITHMS } from '../../protocol/model/enumerations.ts';
import { formatGlobalKeyID, isNewKeyRequest, sameGlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { CheckDefinition, CheckFailure } from './check.ts';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function expectedKeyCount(classes: readonly string[]): number {
  return Math.max(1, classes.length);
}

export const KEY_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'symkey-count-matches',
    description: 'one Symkey per requested KeyClass (one of the default class without KeyClasses), no errors',
    requirements: ['SKSML-SRV-42', 'SKSML-SRV-43'],
    run: ({ observation, facts }) => {
      const r = observation.symkeyResponse;
      if (r === null) return [{ message: 'no SymkeyResponse' }];
      const want =
        expectedKeyCount(facts.keyClasses) * Math.max(1, facts.globalKeyIds.filter(isNewKeyRequest).length);
      const out: CheckFailure[] = [];
      if (r.symkeys.length !== want)
        out.push({ message: `${r.symkeys.length} Symkey element(s) for ${want} requested key(s)` });
      if (r.errors.length > 0)
        out.push({
          message: `SymkeyError ${r.errors.map((e) => e.errorCode).join(', ')} for a request it must serve`,
        });
      return out;
    },
  },
  {
    name: 'key-classes-match',
    description: 'the KeyUsePolicy KeyClass of the delivered keys are exactly the requested classes',
    requirements: ['SKSML-SRV-44', 'SKSML-SRV-42'],
    run: ({ observation, facts }) => {
      const got = (observation.symkeyResponse?.symkeys ?? []).map((k) => k.keyUsePolicy.keyClass).sort();
      if (facts.keyClasses.length === 0)
        return got.every((c) => c.trim() !== '')
          ? []
          : [{ message: 'a delivered key has an empty KeyClass' }];
      const want = [...facts.keyClasses].sort();
      return JSON.stringify(got) === JSON.stringify(want)
        ? []
        : [{ message: `KeyClasses of the keys ${JSON.stringify(got)}, requested ${JSON.stringify(want)}` }];
    },
  },
  {
    name: 'key-decrypts',
    description: 'every key unwraps with the private key of the client it was meant for',
    requirements: ['SKSML-SRV-38', 'SKSML-SRV-39'],
    run: ({ analysis, facts }) =>
      analysis
        .unwrapped()
        .filter((u) => u.key === null)
        .map((u) => ({
          message: `key ${u.globalKeyId} does not unwrap with the key of ${facts.recipient === facts.signer ? 'the requesting client' : 'the X509EncryptionCertificate'}: ${u.error ?? ''}`,
        })),
  },
  {
    name: 'key-size-matches-policy',
    description: 'the unwrapped key has KeySize bits, and KeySize matches KeyAlgorithm',
    requirements: ['SKSML-MSG-103', 'SKSML-SRV-44'],
    run: ({ analysis }) => {
      const out: CheckFailure[] = [];
      for (const u of analysis.unwrapped()) {
        const { keyAlgorithm, keySize } = u.symkey.keyUsePolicy;
        const bySpec = (KEY_SIZE_OF_ALGORITHM as Readonly<Record<string, number | undefined>>)[keyAlgorithm];
        if (bySpec !== undefined && bySpec !== keySize)
          out.push({
            message: `key ${u.globalKeyId}: KeySize ${keySize} does not match ${keyAlgorithm}`,
            requirements: ['SKSML-MSG-103'],
          });
        if (u.key !== null && u.key.length * 8 !== keySize)
          out.push({
            message: `key ${u.globalKeyId} has ${u.key.length * 8} bits; its policy says KeySize ${keySize}`,
          });
      }
      return out;
    },
  },
  {
    name: 'key-transport-allowed',
    description: 'keys are wrapped with RSA-OAEP (rsa-1_5 only for a client declared legacy)',
    requirements: ['SKSML-WSS-25'],
    run: ({ observation, state }) => {
      const allowed: string[] = [KEY_TRANSPORT_ALGORITHMS.rsaOaepMgf1p, KEY_TRANSPORT_ALGORITHMS.rsaOaep];
      if (state.profile.rsa15) allowed.push(KEY_TRANSPORT_ALGORITHMS.rsa15);
      return (observation.symkeyResponse?.symkeys ?? [])
        .filter((k) => !allowed.includes(k.encryptionMethod.algorithm))
        .map((k) => ({
          message: `key ${formatGlobalKeyID(k.globalKeyId)} wrapped with ${k.encryptionMethod.algorithm.slice(0, 100)}`,
        }));
    },
  },
  {
    name: 'keys-fresh',
    description:
      'new keys have GlobalKeyIDs and key bytes never seen before in the run, and differ from each other',
    requirements: ['SKSML-SRV-40'],
    run: ({ analysis, state }) => {
      const out: CheckFailure[] = [];
      const seenIds = new Set<string>();
      const seenKeys: Uint8Array[] = [];
      for (const u of analysis.unwrapped()) {
        if (seenIds.has(u.globalKeyId) || state.keys.has(u.globalKeyId))
          out.push({ message: `GlobalKeyID ${u.globalKeyId} was handed out before for another new key` });
        seenIds.add(u.globalKeyId);
        if (u.key === null) continue;
        const key = u.key;
        if (
          seenKeys.some((k) => sameBytes(k, key)) ||
          [...state.keys.values()].some((k) => sameBytes(k, key))
        )
          out.push({ message: `key ${u.globalKeyId} has the same bytes as a key delivered before` });
        seenKeys.push(key);
      }
      return out;
    },
  },
  {
    name: 'existing-key-matches',
    description: 'each requested existing key comes back with the same GlobalKeyID and the same key bytes',
    requirements: ['SKSML-SRV-41'],
    run: ({ analysis, facts, state }) => {
      const out: CheckFailure[] = [];
      const delivered = analysis.unwrapped();
      for (const id of facts.globalKeyIds) {
        const text = formatGlobalKeyID(id);
        const matches = delivered.filter((u) => sameGlobalKeyID(u.symkey.globalKeyId, id));
        if (matches.length !== 1) {
          out.push({ message: `${matches.length} Symkey element(s) for requested key ${text}` });
          continue;
        }
        const before = state.keys.get(text);
        const now = matches[0]?.key ?? null;
        if (before !== undefined && now !== null && !sameBytes(before, now))
          out.push({ message: `key ${text} has other bytes than when it was first delivered` });
      }
      return out;
    },
  },
];
