import { KeyTransportError } from './key-transport-error.ts';

/**
 * After unwrapping: the key must have exactly the KeyUsePolicy's KeySize bits. The message gives
 * lengths only, never key bytes.
 */
export function checkKeyLength(key: Uint8Array, keySizeBits: number): void {
  if (!Number.isInteger(keySizeBits) || keySizeBits <= 0 || keySizeBits % 8 !== 0) {
    throw new KeyTransportError(
      'KEYTRANSPORT_KEY_LENGTH',
      `KeySize ${String(keySizeBits)} is not a whole number of bytes`,
    );
  }
  if (key.length * 8 !== keySizeBits) {
    throw new KeyTransportError(
      'KEYTRANSPORT_KEY_LENGTH',
      `unwrapped key has ${key.length * 8} bits; KeySize is ${keySizeBits}`,
    );
  }
}
