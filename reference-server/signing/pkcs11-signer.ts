/**
 * Server signing key in a PKCS#11 token: an RSA private key object found by CKA_LABEL and/or
 * CKA_ID, used with CKM_SHA256_RSA_PKCS (the token hashes and pads). At open the signer checks
 * that exactly one such key exists, that it may sign, that its modulus and exponent equal the
 * certificate's, and — unless explicitly allowed — that it is sensitive and not extractable.
 */
import type { X509Certificate } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { findObjects } from '../hsm/find-objects.ts';
import { HsmError } from '../hsm/hsm-error.ts';
import type { Pkcs11Module } from '../hsm/pkcs11-library.ts';
import { openPkcs11Session, type Pkcs11Handle, type Pkcs11TokenConfig } from '../hsm/pkcs11-session.ts';
import { readRsaPublicKey } from '../hsm/rsa-public-key.ts';
import {
  checkSignatureAlgorithm,
  checkSigningCertificate,
  readSigningCertificate,
} from './check-signing-certificate.ts';
import type { ServerSigner } from './server-signer.ts';

export interface Pkcs11SignerConfig extends Pkcs11TokenConfig {
  /** CKA_LABEL of the private key. At least one of keyLabel and keyId. */
  readonly keyLabel?: string;
  /** CKA_ID of the private key. */
  readonly keyId?: Uint8Array;
  readonly certificate: string | X509Certificate;
  /** Accept a key with CKA_EXTRACTABLE true or CKA_SENSITIVE false (default: refuse). */
  readonly allowExtractableKey?: boolean;
}

/**
 * A failed C_Sign may leave the operation active (SoftHSM2 does for argument errors), which would
 * make every later C_SignInit fail with CKR_OPERATION_ACTIVE; C_SignFinal ends it either way.
 */
function endSignOperation(module: Pkcs11Module, session: Pkcs11Handle, modulusBytes: number): void {
  try {
    module.C_SignFinal(session, Buffer.alloc(modulusBytes));
  } catch {
    // no operation was active, or the token ended it: nothing left to clean up
  }
}

function flag(value: Buffer | undefined): boolean {
  return value !== undefined && value.length > 0 && value.some((b) => b !== 0);
}

export function openPkcs11Signer(config: Pkcs11SignerConfig): ServerSigner {
  if (config.keyLabel === undefined && config.keyId === undefined)
    throw new HsmError('HSM_KEY_NOT_FOUND', 'configure the signing key by label or id');
  const certificate = readSigningCertificate(config.certificate);
  const session = openPkcs11Session(config);
  try {
    const key = session.run('finding the signing key', (module, handle): Pkcs11Handle => {
      const found = findObjects(module, handle, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
        ...(config.keyLabel === undefined ? [] : [{ type: pkcs11js.CKA_LABEL, value: config.keyLabel }]),
        ...(config.keyId === undefined ? [] : [{ type: pkcs11js.CKA_ID, value: Buffer.from(config.keyId) }]),
      ]);
      const what = `RSA private key ${config.keyLabel === undefined ? '' : `labelled "${config.keyLabel}" `}on token "${config.tokenLabel}"`;
      if (found.length === 0) throw new HsmError('HSM_KEY_NOT_FOUND', `no ${what}`);
      if (found.length > 1)
        throw new HsmError('HSM_KEY_AMBIGUOUS', `more than one ${what}; configure the key id`);
      return found[0]!;
    });
    session.run('checking the signing key', (module, handle) => {
      const [sign, sensitive, extractable] = module
        .C_GetAttributeValue(handle, key, [
          { type: pkcs11js.CKA_SIGN },
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
        ])
        .map((a) => flag(a.value));
      if (sign !== true) throw new HsmError('HSM_KEY_UNSUITABLE', 'the signing key does not allow CKA_SIGN');
      if (config.allowExtractableKey !== true && (sensitive !== true || extractable === true))
        throw new HsmError(
          'HSM_KEY_UNSUITABLE',
          'the signing key is extractable or not sensitive; set allowExtractableKey to accept it',
        );
      checkSigningCertificate(certificate, readRsaPublicKey(module, handle, key));
    });
    const modulusBytes = Math.ceil((certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    return {
      certificate,
      sign(data, algorithm) {
        checkSignatureAlgorithm(algorithm);
        // SKSML-SRV-36: the server signs its responses.
        return session.run('C_Sign (CKM_SHA256_RSA_PKCS)', (module, handle) => {
          module.C_SignInit(handle, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key);
          try {
            // SoftHSM2 refuses C_Sign with no data (CKR_ARGUMENTS_BAD); C_SignFinal alone signs
            // the empty message.
            const signature =
              data.length === 0
                ? module.C_SignFinal(handle, Buffer.alloc(modulusBytes))
                : module.C_Sign(handle, Buffer.from(data), Buffer.alloc(modulusBytes));
            return new Uint8Array(signature);
          } catch (error) {
            endSignOperation(module, handle, modulusBytes);
            throw error;
          }
        });
      },
      close() {
        session.close();
      },
    };
  } catch (error) {
    session.close();
    throw error;
  }
}
