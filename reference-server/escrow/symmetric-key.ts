import type { KeyAlgorithm } from '../../protocol/model/enumerations.ts';
import { KEY_ALGORITHMS, KEY_SIZE_OF_ALGORITHM, isOneOf } from '../../protocol/model/enumerations.ts';
import { hasDesParity } from '../keys/des-parity.ts';
import { TRIPLE_DES_CBC } from '../keys/key-length.ts';
import { EscrowError, type EscrowErrorCode } from './escrow-error.ts';

/** A symmetric key value with the KeyAlgorithm it is for. */
export interface SymmetricKey {
  readonly algorithm: KeyAlgorithm;
  readonly value: Uint8Array;
}

/** The value has the length of its algorithm (3DES: 24 bytes with DES parity). */
export function checkEscrowedKeyValue(
  algorithm: KeyAlgorithm,
  value: Uint8Array,
  code: EscrowErrorCode,
): void {
  if (!isOneOf(KEY_ALGORITHMS, algorithm)) throw new EscrowError(code, 'unknown key algorithm');
  if (value.length * 8 !== KEY_SIZE_OF_ALGORITHM[algorithm])
    throw new EscrowError(code, `a ${algorithm} key must be ${KEY_SIZE_OF_ALGORITHM[algorithm] / 8} bytes`);
  if (algorithm === TRIPLE_DES_CBC && !hasDesParity(value))
    throw new EscrowError(code, 'a 3DES key must have odd DES parity in every byte');
}
