/**
 * `encrypt`: data → xenc:EncryptedData under a new key of a KeyClass, after the KeyUsePolicy
 * allowed the encryption (and counted it) (spec/client-usage.md §3).
 */
import type { KeyUseContext, KeyUser } from '../usage/key-user.ts';
import { KeyUseDeniedError } from '../usage/usage-errors.ts';
import { chooseDataAlgorithm } from './algorithms.ts';
import { encryptOctets } from './cipher.ts';
import { DataEncryptionError } from './data-error.ts';
import {
  buildEncryptedDataXml,
  detectPlaintextType,
  OCTET_STREAM,
  TYPE_CONTENT,
  TYPE_ELEMENT,
} from './encrypted-data-xml.ts';
import type { DataKeySource } from './key-source.ts';

export type PlaintextType = 'auto' | 'element' | 'content' | 'octets';

export interface EncryptOptions extends Omit<KeyUseContext, 'operation' | 'algorithm' | 'strictAlgorithm'> {
  /** The KeyClass of the key to use; the server's default class when absent. */
  readonly keyClass?: string;
  /**
   * Strict mode: encrypt with exactly the policy's KeyAlgorithm (a CBC algorithm, no integrity).
   * Default: AES-GCM with the policy's key size.
   */
  readonly strict?: boolean;
  /** xenc Type: 'auto' (default) writes Element for one well-formed XML element, else octets. */
  readonly type?: PlaintextType;
  /** MimeType attribute; default application/octet-stream for octets. */
  readonly mimeType?: string;
}

export interface EncryptResult {
  /** The EncryptedData document. */
  readonly xml: string;
  readonly globalKeyId: string;
  readonly keyClass: string;
  readonly algorithm: string;
  readonly source: 'cache' | 'server';
}

function typeAttributes(data: Uint8Array, options: EncryptOptions): { type?: string; mimeType?: string } {
  const type = options.type ?? 'auto';
  const resolved = type === 'auto' ? detectPlaintextType(data) : type;
  if (resolved === 'element')
    return { type: TYPE_ELEMENT, ...(options.mimeType === undefined ? {} : { mimeType: options.mimeType }) };
  if (resolved === 'content')
    return { type: TYPE_CONTENT, ...(options.mimeType === undefined ? {} : { mimeType: options.mimeType }) };
  if (resolved === 'octets') return { mimeType: options.mimeType ?? OCTET_STREAM };
  throw new DataEncryptionError('DATA_BAD_ARGUMENT', "type must be 'auto', 'element', 'content' or 'octets'");
}

export async function encryptData(
  source: DataKeySource,
  keyUser: KeyUser,
  data: Uint8Array,
  options: EncryptOptions = {},
): Promise<EncryptResult> {
  if (!(data instanceof Uint8Array)) throw new DataEncryptionError('DATA_BAD_ARGUMENT', 'data must be bytes');
  const strict = options.strict === true;
  const attributes = typeAttributes(data, options);
  const { keyClass: _keyClass, strict: _strict, type: _type, mimeType: _mimeType, ...context } = options;
  let refusal: Error | undefined;
  for await (const material of source.newKeys(options.keyClass)) {
    try {
      const algorithm = chooseDataAlgorithm(material.keyUsePolicy.keyAlgorithm, strict);
      if (algorithm === undefined) {
        // SKSML-CLT-58, SKSML-CLT-143: a 3DES key may only be used with 3DES (strict mode).
        refusal = new DataEncryptionError(
          'DATA_UNSUPPORTED',
          `keys of ${material.keyUsePolicy.keyAlgorithm} have no authenticated mode; use strict mode`,
          { requirement: 'SKSML-CLT-58' },
        );
        continue;
      }
      let usable;
      try {
        usable = await keyUser.authorize(material, {
          ...context,
          operation: 'encrypt',
          algorithm: algorithm.uri,
          strictAlgorithm: strict,
        });
      } catch (e) {
        // A cached key that may no longer be used: try the next candidate (a fresh key).
        if (!(e instanceof KeyUseDeniedError)) throw e;
        refusal = e;
        continue;
      }
      try {
        const cipherValue = encryptOctets(algorithm, usable.key, data);
        return {
          xml: buildEncryptedDataXml({
            algorithm: algorithm.uri,
            keyName: material.globalKeyId,
            cipherValue,
            ...attributes,
          }),
          globalKeyId: material.globalKeyId,
          keyClass: material.keyUsePolicy.keyClass,
          algorithm: algorithm.uri,
          source: material.source,
        };
      } finally {
        usable.wipe();
      }
    } finally {
      material.key.fill(0);
    }
  }
  throw refusal ?? new DataEncryptionError('DATA_BAD_ARGUMENT', 'no key could be obtained');
}
