import { KEY_ALGORITHMS, KEY_SIZE_OF_ALGORITHM, isOneOf } from '../../protocol/model/enumerations.ts';
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import { KeyGenerationError } from './key-generation-error.ts';

export const TRIPLE_DES_CBC: KeyAlgorithm = 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc';

/**
 * Checks that `algorithm` is a KeyAlgorithm of SKSML and that `sizeBits` is its KeySize, and
 * returns the key length in bytes (3DES: 24 bytes, parity bits included, written as KeySize 192).
 */
export function keyLengthBytes(algorithm: KeyAlgorithm, sizeBits: KeySize): number {
  if (!isOneOf(KEY_ALGORITHMS, algorithm))
    throw new KeyGenerationError(
      'KEY_ALGORITHM_UNSUPPORTED',
      `unsupported key algorithm ${String(algorithm)}`,
      {
        requirement: 'SKSML-MSG-16',
      },
    );
  // SKSML-MSG-103: KeySize matches KeyAlgorithm.
  if (KEY_SIZE_OF_ALGORITHM[algorithm] !== sizeBits)
    throw new KeyGenerationError(
      'KEY_SIZE_MISMATCH',
      `${algorithm} needs KeySize ${KEY_SIZE_OF_ALGORITHM[algorithm]}, not ${String(sizeBits)}`,
      { requirement: 'SKSML-MSG-103' },
    );
  return sizeBits / 8;
}
