import type { Pkcs11TokenConfig } from '../hsm/pkcs11-session.ts';
import { KeyGenerationError } from './key-generation-error.ts';
import type { KeyProvider } from './key-provider.ts';
import { createNodeKeyProvider } from './node-key-provider.ts';
import { openPkcs11KeyProvider } from './pkcs11-key-provider.ts';

/** Which key provider the server uses. Absent → node-crypto. */
export type KeyProviderConfig =
  { readonly kind: 'node-crypto' } | ({ readonly kind: 'pkcs11' } & Pkcs11TokenConfig);

export function createKeyProvider(config: KeyProviderConfig = { kind: 'node-crypto' }): KeyProvider {
  switch (config.kind) {
    case 'node-crypto':
      return createNodeKeyProvider();
    case 'pkcs11':
      return openPkcs11KeyProvider(config);
    default:
      throw new KeyGenerationError(
        'KEY_PROVIDER_UNKNOWN',
        `unknown key provider kind ${JSON.stringify((config as { kind?: unknown }).kind)}`,
      );
  }
}
