/**
 * `decrypt`: xenc:EncryptedData → data. The document is read through the hardened intake, the key
 * is found by the GlobalKeyID in ds:KeyName (cache first, then server), the KeyUsePolicy must
 * allow the decryption, and the ciphertext must authenticate (GCM) or unpad (strict CBC).
 */
import type { KeyUseContext, KeyUser } from '../usage/key-user.ts';
import { dataAlgorithmOf } from './algorithms.ts';
import { decryptOctets } from './cipher.ts';
import { DataEncryptionError } from './data-error.ts';
import { readEncryptedData, type ReadEncryptedDataOptions } from './encrypted-data-xml.ts';
import type { DataKeySource } from './key-source.ts';

export interface DecryptOptions
  extends Omit<KeyUseContext, 'operation' | 'algorithm' | 'strictAlgorithm'>, ReadEncryptedDataOptions {
  /** Accept only the policy's exact KeyAlgorithm (no GCM equivalence). */
  readonly strict?: boolean;
}

export interface DecryptResult {
  readonly data: Uint8Array;
  readonly globalKeyId: string;
  readonly algorithm: string;
  readonly type?: string;
  readonly mimeType?: string;
  readonly source: 'cache' | 'server';
}

export async function decryptData(
  source: DataKeySource,
  keyUser: KeyUser,
  input: string | Uint8Array,
  options: DecryptOptions = {},
): Promise<DecryptResult> {
  const { strict, maxBytes, ...context } = options;
  const fields = readEncryptedData(input, maxBytes === undefined ? {} : { maxBytes });
  const algorithm = dataAlgorithmOf(fields.algorithm);
  if (algorithm === undefined)
    throw new DataEncryptionError(
      'DATA_UNSUPPORTED',
      `unsupported EncryptionMethod ${fields.algorithm.slice(0, 100)}`,
    );
  const material = await source.key(fields.keyName);
  try {
    // SKSML-CLT-57, SKSML-CLT-58: the policy must allow this decryption with this algorithm.
    const usable = await keyUser.authorize(material, {
      ...context,
      operation: 'decrypt',
      algorithm: algorithm.uri,
      strictAlgorithm: strict === true,
    });
    try {
      const data = decryptOctets(algorithm, usable.key, fields.cipherValue);
      return {
        data,
        globalKeyId: fields.keyName,
        algorithm: algorithm.uri,
        ...(fields.type === undefined ? {} : { type: fields.type }),
        ...(fields.mimeType === undefined ? {} : { mimeType: fields.mimeType }),
        source: material.source,
      };
    } finally {
      usable.wipe();
    }
  } finally {
    material.key.fill(0);
  }
}
