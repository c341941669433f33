/**
 * The data-encryption algorithms of the reference client and how they relate to the KeyAlgorithm
 * of a KeyUsePolicy (spec/client-usage.md §3). SKSML names only the four XML Encryption CBC
 * algorithms (SKSML-MSG-16); by default the client uses the AES-GCM algorithm of XML Encryption
 * 1.1 with the same key size (an authenticated mode of the same cipher), and the exact CBC
 * algorithm of the policy in strict mode.
 */
import { KEY_ALGORITHMS, isOneOf, type KeyAlgorithm } from '../../protocol/model/enumerations.ts';

export const AES128_GCM = 'http://www.w3.org/2009/xmlenc11#aes128-gcm';
export const AES192_GCM = 'http://www.w3.org/2009/xmlenc11#aes192-gcm';
export const AES256_GCM = 'http://www.w3.org/2009/xmlenc11#aes256-gcm';
export const AES128_CBC = 'http://www.w3.org/2001/04/xmlenc#aes128-cbc';
export const AES192_CBC = 'http://www.w3.org/2001/04/xmlenc#aes192-cbc';
export const AES256_CBC = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
export const TRIPLEDES_CBC = 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc';

export interface DataAlgorithm {
  /** The XML Encryption algorithm URI written in EncryptionMethod/@Algorithm. */
  readonly uri: string;
  readonly mode: 'gcm' | 'cbc';
  /** Node's cipher name. */
  readonly cipher: string;
  readonly keyBytes: number;
  /** IV length: 96 bits for GCM, one block for CBC. */
  readonly ivBytes: number;
  /** Block size (CBC padding); 16 for AES, 8 for 3DES. */
  readonly blockBytes: number;
  /** The SKSML KeyAlgorithm whose keys this algorithm uses. */
  readonly keyAlgorithm: KeyAlgorithm;
}

const TABLE: readonly DataAlgorithm[] = [
  {
    uri: AES128_GCM,
    mode: 'gcm',
    cipher: 'aes-128-gcm',
    keyBytes: 16,
    ivBytes: 12,
    blockBytes: 16,
    keyAlgorithm: AES128_CBC,
  },
  {
    uri: AES192_GCM,
    mode: 'gcm',
    cipher: 'aes-192-gcm',
    keyBytes: 24,
    ivBytes: 12,
    blockBytes: 16,
    keyAlgorithm: AES192_CBC,
  },
  {
    uri: AES256_GCM,
    mode: 'gcm',
    cipher: 'aes-256-gcm',
    keyBytes: 32,
    ivBytes: 12,
    blockBytes: 16,
    keyAlgorithm: AES256_CBC,
  },
  {
    uri: AES128_CBC,
    mode: 'cbc',
    cipher: 'aes-128-cbc',
    keyBytes: 16,
    ivBytes: 16,
    blockBytes: 16,
    keyAlgorithm: AES128_CBC,
  },
  {
    uri: AES192_CBC,
    mode: 'cbc',
    cipher: 'aes-192-cbc',
    keyBytes: 24,
    ivBytes: 16,
    blockBytes: 16,
    keyAlgorithm: AES192_CBC,
  },
  {
    uri: AES256_CBC,
    mode: 'cbc',
    cipher: 'aes-256-cbc',
    keyBytes: 32,
    ivBytes: 16,
    blockBytes: 16,
    keyAlgorithm: AES256_CBC,
  },
  {
    uri: TRIPLEDES_CBC,
    mode: 'cbc',
    cipher: 'des-ede3-cbc',
    keyBytes: 24,
    ivBytes: 8,
    blockBytes: 8,
    keyAlgorithm: TRIPLEDES_CBC,
  },
];

/** GCM tag length: 128 bits (XML Encryption 1.1). */
export const GCM_TAG_BYTES = 16;

/** Every data algorithm URI the client reads and writes. */
export const DATA_ALGORITHM_URIS: readonly string[] = TABLE.map((a) => a.uri);

export function dataAlgorithmOf(uri: string): DataAlgorithm | undefined {
  return TABLE.find((a) => a.uri === uri);
}

/**
 * The data algorithm to encrypt with under a policy's KeyAlgorithm: the GCM algorithm of the same
 * AES key size by default, the policy's own CBC algorithm in strict mode. Undefined when there is
 * none (a 3DES key outside strict mode: 3DES has no authenticated mode in XML Encryption).
 */
export function chooseDataAlgorithm(keyAlgorithm: KeyAlgorithm, strict: boolean): DataAlgorithm | undefined {
  // SKSML-CLT-143: AES-GCM of the KeyAlgorithm's key size by default, the exact CBC one when asked.
  if (strict) return TABLE.find((a) => a.mode === 'cbc' && a.uri === keyAlgorithm);
  return TABLE.find((a) => a.mode === 'gcm' && a.keyAlgorithm === keyAlgorithm);
}

/**
 * The KeyAlgorithm a use with `uri` satisfies (SKSML-CLT-58): the CBC URIs satisfy themselves; a
 * GCM URI satisfies the CBC KeyAlgorithm of the same AES key size unless `strict`. Anything else
 * is returned unchanged, so that the policy check refuses it as another algorithm.
 */
export function keyAlgorithmSatisfiedBy(uri: string, strict: boolean): string {
  if (isOneOf(KEY_ALGORITHMS, uri)) return uri;
  const algorithm = dataAlgorithmOf(uri);
  if (algorithm !== undefined && algorithm.mode === 'gcm' && !strict) return algorithm.keyAlgorithm;
  return uri;
}
