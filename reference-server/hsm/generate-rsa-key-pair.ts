/**
 * Creates the server's RSA signing key pair inside the token (C_GenerateKeyPair): the private key
 * is a token object, private, sensitive and not extractable, so it never exists outside the HSM
 * (CKA_NEVER_EXTRACTABLE stays true). The caller gets the public key to have it certified.
 */
import type { KeyObject } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { findObjects } from './find-objects.ts';
import { HsmError } from './hsm-error.ts';
import type { Pkcs11Session } from './pkcs11-session.ts';
import { readRsaPublicKey } from './rsa-public-key.ts';

export interface TokenRsaKeyPairOptions {
  readonly label: string;
  /** CKA_ID, e.g. the same bytes as the certificate's subject key identifier. */
  readonly id: Uint8Array;
  readonly modulusBits?: 2048 | 3072 | 4096;
}

export function generateTokenRsaKeyPair(session: Pkcs11Session, options: TokenRsaKeyPairOptions): KeyObject {
  const bits = options.modulusBits ?? 3072;
  const id = Buffer.from(options.id);
  return session.run('C_GenerateKeyPair (RSA)', (module, handle) => {
    const clash = findObjects(module, handle, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: options.label },
    ]);
    if (clash.length > 0)
      throw new HsmError('HSM_KEY_AMBIGUOUS', `a private key labelled "${options.label}" already exists`);
    const pair = module.C_GenerateKeyPair(
      handle,
      { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: false },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_ENCRYPT, value: false },
        { type: pkcs11js.CKA_WRAP, value: false },
        { type: pkcs11js.CKA_MODULUS_BITS, value: bits },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        { type: pkcs11js.CKA_LABEL, value: options.label },
        { type: pkcs11js.CKA_ID, value: id },
      ],
      [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_SIGN, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: false },
        { type: pkcs11js.CKA_UNWRAP, value: false },
        { type: pkcs11js.CKA_LABEL, value: options.label },
        { type: pkcs11js.CKA_ID, value: id },
      ],
    );
    return readRsaPublicKey(module, handle, pair.publicKey);
  });
}
