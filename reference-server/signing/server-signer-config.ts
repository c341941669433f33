import type { ServerSigner } from './server-signer.ts';
import { type FileSignerPaths, loadFileSigner } from './file-signer.ts';
import { openPkcs11Signer, type Pkcs11SignerConfig } from './pkcs11-signer.ts';
import { SigningError } from './signing-error.ts';

/** Where the server's signing key is. */
export type ServerSignerConfig =
  ({ readonly kind: 'file' } & FileSignerPaths) | ({ readonly kind: 'pkcs11' } & Pkcs11SignerConfig);

export function openServerSigner(config: ServerSignerConfig): ServerSigner {
  switch (config.kind) {
    case 'file':
      return loadFileSigner(config);
    case 'pkcs11':
      return openPkcs11Signer(config);
    default:
      throw new SigningError(
        'SIGNING_KEY_INVALID',
        `unknown signer kind ${JSON.stringify((config as { kind?: unknown }).kind)}`,
      );
  }
}
