/**
 * Default key provider: OpenSSL's CSPRNG through node:crypto (randomFillSync; the same source as
 * randomBytes and generateKey('aes')). 3DES keys get odd DES parity and unfit keys are redrawn.
 */
import { randomFillSync } from 'node:crypto';
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import { holdGeneratedKey } from './held-key.ts';
import { isUnfitTripleDesKey, setDesParity } from './des-parity.ts';
import { KeyGenerationError } from './key-generation-error.ts';
import { keyLengthBytes, TRIPLE_DES_CBC } from './key-length.ts';
import type { GeneratedKey, KeyProvider } from './key-provider.ts';

export const NODE_KEY_PROVIDER_NAME = 'node-crypto';
const MAX_DRAWS = 8;

/** Random key bytes for `algorithm`, in a buffer of their own. */
export function drawKeyBytes(algorithm: KeyAlgorithm, sizeBits: KeySize): Uint8Array {
  const length = keyLengthBytes(algorithm, sizeBits);
  // Buffer.alloc, not randomBytes/allocUnsafe: a pooled buffer could not be zeroed on its own.
  const value = Buffer.alloc(length);
  if (algorithm !== TRIPLE_DES_CBC) return randomFillSync(value);
  for (let draw = 0; draw < MAX_DRAWS; draw += 1) {
    setDesParity(randomFillSync(value));
    if (!isUnfitTripleDesKey(value)) return value;
  }
  value.fill(0);
  throw new KeyGenerationError('KEY_GENERATION_FAILED', 'the random source keeps producing unfit 3DES keys');
}

export function createNodeKeyProvider(): KeyProvider {
  let closed = false;
  return {
    name: NODE_KEY_PROVIDER_NAME,
    generateKey(algorithm, sizeBits): Promise<GeneratedKey> {
      try {
        if (closed) throw new KeyGenerationError('KEY_PROVIDER_CLOSED', 'the key provider is closed');
        // SKSML-SRV-40: the server generates the key for a new-key request.
        const value = drawKeyBytes(algorithm, sizeBits);
        return Promise.resolve(holdGeneratedKey(algorithm, sizeBits, NODE_KEY_PROVIDER_NAME, value));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}
