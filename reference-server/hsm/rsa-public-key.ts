import { createPublicKey, type KeyObject } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Module } from './pkcs11-library.ts';
import type { Pkcs11Handle } from './pkcs11-session.ts';

/**
 * The public half of an RSA key object (public or private: CKA_MODULUS and CKA_PUBLIC_EXPONENT are
 * readable even on a sensitive private key) as a node:crypto KeyObject.
 */
export function readRsaPublicKey(module: Pkcs11Module, session: Pkcs11Handle, key: Pkcs11Handle): KeyObject {
  const [modulus, exponent] = module.C_GetAttributeValue(session, key, [
    { type: pkcs11js.CKA_MODULUS },
    { type: pkcs11js.CKA_PUBLIC_EXPONENT },
  ]);
  if (modulus === undefined || exponent === undefined) throw new Error('CKR_ATTRIBUTE_TYPE_INVALID');
  return createPublicKey({
    key: { kty: 'RSA', n: modulus.value.toString('base64url'), e: exponent.value.toString('base64url') },
    format: 'jwk',
  });
}

/** Big-endian bytes of the modulus and exponent of a node:crypto RSA public key. */
export function rsaPublicComponents(publicKey: KeyObject): { modulus: Buffer; exponent: Buffer } {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || jwk.n === undefined || jwk.e === undefined)
    throw new TypeError('not an RSA public key');
  return { modulus: Buffer.from(jwk.n, 'base64url'), exponent: Buffer.from(jwk.e, 'base64url') };
}
