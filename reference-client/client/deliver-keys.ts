/**
 * Unwraps the keys of a verified, matched SymkeyResponse with the client's private key and checks
 * each against its KeyUsePolicy: KeyAlgorithm and KeySize coherent, key length = KeySize
 * (SKSML-CLT-130, SKSML-CLT-131). Any failing key fails the whole answer; keys already unwrapped
 * are wiped first. Messages give lengths and IDs, never key bytes.
 */
import type { KeyObject } from 'node:crypto';
import { KEY_SIZE_OF_ALGORITHM } from '../../protocol/model/enumerations.ts';
import { formatGlobalKeyID } from '../../protocol/model/identifiers.ts';
import type { Symkey } from '../../protocol/model/symkey.ts';
import { unwrapKey } from '../../protocol/keytransport/unwrap-key.ts';
import { ClientError } from '../errors/client-error.ts';
import { DeliveredKey } from './results.ts';

export interface UnwrapSettings {
  readonly privateKey: KeyObject;
  /** Accept rsa-1_5 key transport (legacy servers only). */
  readonly allowRsa15: boolean;
}

function sizeMismatch(server: string, symkey: Symkey, what: string): ClientError {
  return new ClientError(
    'CLIENT_KEY_SIZE_MISMATCH',
    `key ${formatGlobalKeyID(symkey.globalKeyId)} from ${server}: ${what}`,
    {
      server,
      retryable: false,
      requirement: 'SKSML-CLT-131',
    },
  );
}

function unwrapOne(symkey: Symkey, server: string, settings: UnwrapSettings): DeliveredKey {
  const kup = symkey.keyUsePolicy;
  const id = formatGlobalKeyID(symkey.globalKeyId);
  // SKSML-CLT-131: KeySize must be the one KeyAlgorithm implies (facts §10 item 18).
  if (KEY_SIZE_OF_ALGORITHM[kup.keyAlgorithm] !== kup.keySize)
    throw sizeMismatch(
      server,
      symkey,
      `KeySize ${kup.keySize} does not fit KeyAlgorithm ${kup.keyAlgorithm}`,
    );
  const method = symkey.encryptionMethod;
  if (method.keySize !== undefined && method.keySize !== kup.keySize)
    throw sizeMismatch(server, symkey, `xenc:KeySize ${method.keySize} differs from KeySize ${kup.keySize}`);
  if (symkey.cipherData.kind !== 'value' || (method.extensions ?? []).length > 0)
    throw new ClientError(
      'CLIENT_UNWRAP_FAILED',
      `key ${id} from ${server} is not carried in a supported form`,
      {
        server,
        retryable: false,
        requirement: 'SKSML-CLT-130',
      },
    );
  let key: Uint8Array;
  try {
    // SKSML-CLT-130: OAEP; rsa-1_5 only when configured for a legacy server.
    key = unwrapKey(symkey.cipherData.cipherValue, method, settings.privateKey, {
      legacy: settings.allowRsa15,
    });
  } catch (e) {
    const detail = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    throw new ClientError('CLIENT_UNWRAP_FAILED', `key ${id} from ${server} cannot be unwrapped`, {
      server,
      detail,
      cause: e,
      retryable: false,
      requirement: 'SKSML-CLT-130',
    });
  }
  if (key.length * 8 !== kup.keySize) {
    const bits = key.length * 8;
    key.fill(0);
    throw sizeMismatch(server, symkey, `the key has ${bits} bits, KeySize is ${kup.keySize}`);
  }
  return new DeliveredKey({
    globalKeyId: symkey.globalKeyId,
    keyUsePolicy: kup,
    symkeyRequestId: symkey.symkeyRequestId,
    server,
    key,
  });
}

export function deliverKeys(
  symkeys: readonly Symkey[],
  server: string,
  settings: UnwrapSettings,
): DeliveredKey[] {
  const delivered: DeliveredKey[] = [];
  try {
    for (const s of symkeys) delivered.push(unwrapOne(s, server, settings));
  } catch (e) {
    for (const d of delivered) d.wipe();
    throw e;
  }
  return delivered;
}
