/**
 * Facts about one step's response computed once and shared by the checks: the unwrapped key of
 * every Symkey (with the key of the client the key was meant for).
 */
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import { unwrapKey } from '../../protocol/keytransport/unwrap-key.ts';
import type { Symkey } from '../../protocol/model/symkey.ts';
import type { Observation } from '../engine/observe.ts';
import type { RequestFacts } from '../engine/outgoing.ts';

export interface UnwrappedKey {
  readonly symkey: Symkey;
  readonly globalKeyId: string;
  /** The key bytes, or null when unwrapping failed (see `error`). */
  readonly key: Uint8Array | null;
  readonly error: string | null;
}

export interface StepAnalysis {
  unwrapped(): readonly UnwrappedKey[];
}

export function createStepAnalysis(
  facts: RequestFacts,
  observation: Observation,
  legacy: boolean,
): StepAnalysis {
  let cache: UnwrappedKey[] | undefined;
  return {
    unwrapped() {
      if (cache !== undefined) return cache;
      const recipient = facts.recipient;
      cache = (observation.symkeyResponse?.symkeys ?? []).map((symkey) => {
        const globalKeyId = formatGlobalKeyID(symkey.globalKeyId);
        if (recipient === undefined) return { symkey, globalKeyId, key: null, error: 'no recipient key' };
        if (symkey.cipherData.kind !== 'value')
          return { symkey, globalKeyId, key: null, error: 'CipherReference instead of CipherValue' };
        try {
          const key = unwrapKey(
            symkey.cipherData.cipherValue,
            symkey.encryptionMethod,
            recipient.privateKey,
            {
              legacy,
            },
          );
          return { symkey, globalKeyId, key, error: null };
        } catch (e) {
          return { symkey, globalKeyId, key: null, error: (e as { code?: string }).code ?? 'unwrap failed' };
        }
      });
      return cache;
    },
  };
}
