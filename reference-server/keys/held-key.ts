import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import type { GeneratedKey } from './key-provider.ts';
import { KeyGenerationError } from './key-generation-error.ts';

/**
 * A GeneratedKey whose value is held in process memory. Takes ownership of `value` (which must be
 * a buffer of its own, not a slice of Node's shared pool) and zeroes it on dispose().
 */
export function holdGeneratedKey(
  algorithm: KeyAlgorithm,
  sizeBits: KeySize,
  provider: string,
  value: Uint8Array,
): GeneratedKey {
  let disposed = false;
  return Object.freeze({
    algorithm,
    sizeBits,
    provider,
    exportKey() {
      if (disposed) throw new KeyGenerationError('KEY_DISPOSED', 'the key has been disposed');
      return Uint8Array.from(value);
    },
    dispose() {
      disposed = true;
      value.fill(0);
    },
  });
}
