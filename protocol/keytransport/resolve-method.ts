/**
 * Maps an EncryptionMethod to an allowed parameter set or refuses it. Every combination not
 * listed here fails with KEYTRANSPORT_UNSUPPORTED_ALGORITHM (fail closed on unknown parameters).
 */
import {
  DIGEST_SHA1,
  DIGEST_SHA256,
  type EncryptionMethod,
  MGF1_SHA1,
  MGF1_SHA256,
  type ResolvedMethod,
  RSA_1_5,
  RSA_OAEP,
  RSA_OAEP_MGF1P,
} from './algorithms.ts';
import { KeyTransportError } from './key-transport-error.ts';

function unsupported(what: string): KeyTransportError {
  return new KeyTransportError('KEYTRANSPORT_UNSUPPORTED_ALGORITHM', `unsupported key transport: ${what}`);
}

function label(method: EncryptionMethod): Uint8Array | undefined {
  return method.oaepParams === undefined || method.oaepParams.length === 0 ? undefined : method.oaepParams;
}

export function resolveMethod(method: EncryptionMethod, legacy: boolean): ResolvedMethod {
  const shown = method.algorithm.slice(0, 200);
  switch (method.algorithm) {
    case RSA_OAEP_MGF1P:
      // MGF is fixed to MGF1-SHA1 by this URI; only the SHA-1 digest is offered (node:crypto ties
      // the MGF1 hash to the OAEP hash).
      if (method.mgf !== undefined) throw unsupported(`${shown} takes no MGF element`);
      if (method.digestMethod !== undefined && method.digestMethod !== DIGEST_SHA1) {
        throw unsupported(`${shown} with digest ${method.digestMethod.slice(0, 200)}`);
      }
      return { kind: 'oaep', hash: 'sha1', label: label(method) };
    case RSA_OAEP:
      if (method.digestMethod === DIGEST_SHA256 && method.mgf === MGF1_SHA256) {
        return { kind: 'oaep', hash: 'sha256', label: label(method) };
      }
      if (
        (method.digestMethod === undefined || method.digestMethod === DIGEST_SHA1) &&
        (method.mgf === undefined || method.mgf === MGF1_SHA1)
      ) {
        // Equivalent to rsa-oaep-mgf1p; accepted for reading, never produced.
        return { kind: 'oaep', hash: 'sha1', label: label(method) };
      }
      throw unsupported(`${shown} with digest ${String(method.digestMethod)} and MGF ${String(method.mgf)}`);
    case RSA_1_5:
      if (!legacy) throw unsupported(`${shown} is allowed only in legacy mode`);
      if (method.digestMethod !== undefined || method.mgf !== undefined || method.oaepParams !== undefined) {
        throw unsupported(`${shown} takes no OAEP parameters`);
      }
      return { kind: 'pkcs1' };
    default:
      throw unsupported(shown);
  }
}
