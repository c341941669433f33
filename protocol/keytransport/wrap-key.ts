/**
 * Wraps a symmetric key for a recipient: the `EncryptionMethod` and `CipherValue` of a Symkey.
 */
import { constants, type KeyObject, publicEncrypt, type X509Certificate } from 'node:crypto';
import {
  DIGEST_SHA1,
  DIGEST_SHA256,
  type EncryptionMethod,
  type KeyTransportAlgorithm,
  MGF1_SHA256,
  RSA_1_5,
  RSA_OAEP,
  RSA_OAEP_MGF1P,
} from './algorithms.ts';
import { KeyTransportError } from './key-transport-error.ts';
import { DEFAULT_MIN_RSA_BITS, recipientPublicKey } from './recipient-key.ts';
import { resolveMethod } from './resolve-method.ts';

export interface WrapOptions {
  /** Required to produce rsa-1_5 (legacy peers only). */
  readonly legacy?: boolean;
  /** OAEP label to send as xenc:OAEPparams (OAEP algorithms only). */
  readonly oaepParams?: Uint8Array;
  /** Minimum recipient RSA modulus size. Default 2048. */
  readonly minRsaBits?: number;
}

export interface WrappedKey {
  readonly encryptionMethod: EncryptionMethod;
  readonly cipherValue: Uint8Array;
}

/** Longest key we wrap (a 512-bit key is already far beyond any SKSML KeySize). */
const MAX_KEY_BYTES = 64;

function methodFor(algorithm: KeyTransportAlgorithm, oaepParams: Uint8Array | undefined): EncryptionMethod {
  const params =
    oaepParams === undefined || oaepParams.length === 0 ? {} : { oaepParams: Uint8Array.from(oaepParams) };
  switch (algorithm) {
    case RSA_OAEP_MGF1P:
      return { algorithm, digestMethod: DIGEST_SHA1, ...params };
    case RSA_OAEP:
      return { algorithm, digestMethod: DIGEST_SHA256, mgf: MGF1_SHA256, ...params };
    case RSA_1_5:
      if (oaepParams !== undefined) {
        throw new KeyTransportError('KEYTRANSPORT_UNSUPPORTED_ALGORITHM', 'rsa-1_5 takes no OAEP parameters');
      }
      return { algorithm };
    default:
      throw new KeyTransportError(
        'KEYTRANSPORT_UNSUPPORTED_ALGORITHM',
        `unsupported key transport: ${String(algorithm).slice(0, 200)}`,
      );
  }
}

/**
 * Encrypts `key` to `recipient` with `algorithm` (default rsa-oaep-mgf1p).
 */
export function wrapKey(
  key: Uint8Array,
  recipient: X509Certificate | KeyObject,
  algorithm: KeyTransportAlgorithm = RSA_OAEP_MGF1P,
  options: WrapOptions = {},
): WrappedKey {
  // SKSML-SRV-38: the key leaves the server only encrypted, with EncryptionMethod naming the algorithm.
  const encryptionMethod = methodFor(algorithm, options.oaepParams);
  const method = resolveMethod(encryptionMethod, options.legacy === true);
  if (!(key instanceof Uint8Array) || key.length === 0 || key.length > MAX_KEY_BYTES) {
    throw new KeyTransportError('KEYTRANSPORT_KEY_LENGTH', `a key to wrap has 1 to ${MAX_KEY_BYTES} bytes`);
  }
  const publicKey = recipientPublicKey(recipient, options.minRsaBits ?? DEFAULT_MIN_RSA_BITS);
  try {
    const cipherValue =
      method.kind === 'oaep'
        ? publicEncrypt(
            {
              key: publicKey,
              padding: constants.RSA_PKCS1_OAEP_PADDING,
              oaepHash: method.hash,
              ...(method.label === undefined ? {} : { oaepLabel: method.label }),
            },
            key,
          )
        : publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
    return { encryptionMethod, cipherValue: new Uint8Array(cipherValue) };
  } catch (e) {
    throw new KeyTransportError('KEYTRANSPORT_WRAP_FAILED', 'key wrapping failed', { cause: e });
  }
}
