/**
 * TEST-ONLY hook of openServices: the key provider with the `reuseKeys` defect, which remembers
 * the first key of each algorithm and size and hands out copies of it for every later new key.
 */
import type { KeyAlgorithm, KeySize } from '../../protocol/model/enumerations.ts';
import type { GeneratedKey, KeyProvider } from '../keys/key-provider.ts';
import { hasDefect, type DefectCarrier } from './defect-switches.ts';

function reusingProvider(inner: KeyProvider): KeyProvider {
  const first = new Map<string, Uint8Array>();
  return {
    name: inner.name,
    async generateKey(algorithm: KeyAlgorithm, sizeBits: KeySize): Promise<GeneratedKey> {
      const slot = `${algorithm} ${sizeBits}`;
      let bytes = first.get(slot);
      if (bytes === undefined) {
        const generated = await inner.generateKey(algorithm, sizeBits);
        try {
          bytes = generated.exportKey();
        } finally {
          generated.dispose();
        }
        first.set(slot, bytes);
      }
      const held = bytes;
      return {
        algorithm,
        sizeBits,
        provider: inner.name,
        exportKey: () => Uint8Array.from(held),
        dispose: () => undefined,
      };
    },
    close: () => inner.close(),
  };
}

export function keyProviderWithDefects(carrier: DefectCarrier, provider: KeyProvider): KeyProvider {
  return hasDefect(carrier, 'reuseKeys') ? reusingProvider(provider) : provider;
}
