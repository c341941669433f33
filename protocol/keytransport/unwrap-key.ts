/**
 * Unwraps the key of a Symkey (client side, or a conformance check acting as a client).
 *
 * Every decryption failure — wrong key, bad padding, wrong length, label mismatch — gives the same
 * KEYTRANSPORT_DECRYPT_FAILED error with the same message and no cause, so the error does not say
 * which check failed. rsa-1_5 is decrypted only with `{ legacy: true }`, through node-forge (node:crypto on
 * Node 20 refuses PKCS#1 v1.5 private decryption, CVE-2023-46809). A SERVER MUST NEVER DECRYPT
 * rsa-1_5: exposed to peers, that decryption is a padding oracle.
 */
import { constants, type KeyObject, privateDecrypt } from 'node:crypto';
import forge from 'node-forge';
import type { EncryptionMethod } from './algorithms.ts';
import { KeyTransportError } from './key-transport-error.ts';
import { requireRsaPrivateKey, rsaModulusBits } from './recipient-key.ts';
import { resolveMethod } from './resolve-method.ts';

export interface UnwrapOptions {
  /** Allows rsa-1_5 (client talking to a legacy server only). */
  readonly legacy?: boolean;
}

const DECRYPT_FAILED = 'key transport decryption failed';

/**
 * The one error of every decryption failure. It deliberately carries NO cause: the library
 * exception ("oaep decoding error", "data too large for modulus", forge's padding messages) would
 * tell the failures apart to whatever logs or forwards the error.
 */
function failed(): KeyTransportError {
  return new KeyTransportError('KEYTRANSPORT_DECRYPT_FAILED', DECRYPT_FAILED);
}

const forgeKeys = new WeakMap<KeyObject, forge.pki.rsa.PrivateKey>();

function forgeKeyOf(key: KeyObject): forge.pki.rsa.PrivateKey {
  let k = forgeKeys.get(key);
  if (k === undefined) {
    const pem = key.export({ type: 'pkcs1', format: 'pem' }).toString();
    k = forge.pki.privateKeyFromPem(pem);
    forgeKeys.set(key, k);
  }
  return k;
}

function decryptPkcs1(cipherValue: Uint8Array, key: KeyObject): Uint8Array {
  const plain = forgeKeyOf(key).decrypt(Buffer.from(cipherValue).toString('binary'), 'RSAES-PKCS1-V1_5');
  return new Uint8Array(Buffer.from(plain, 'binary'));
}

export function unwrapKey(
  cipherValue: Uint8Array,
  encryptionMethod: EncryptionMethod,
  privateKey: KeyObject,
  options: UnwrapOptions = {},
): Uint8Array {
  const method = resolveMethod(encryptionMethod, options.legacy === true);
  const key = requireRsaPrivateKey(privateKey);
  if (cipherValue.length !== Math.ceil(rsaModulusBits(key) / 8)) throw failed();
  let plain: Uint8Array;
  try {
    plain =
      method.kind === 'oaep'
        ? new Uint8Array(
            privateDecrypt(
              {
                key,
                padding: constants.RSA_PKCS1_OAEP_PADDING,
                oaepHash: method.hash,
                ...(method.label === undefined ? {} : { oaepLabel: method.label }),
              },
              cipherValue,
            ),
          )
        : decryptPkcs1(cipherValue, key);
  } catch {
    throw failed();
  }
  if (plain.length === 0) throw failed();
  return plain;
}
