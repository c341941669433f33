/**
 * Server signing key kept in a file: PKCS#8 PEM (optionally encrypted with a passphrase) plus the
 * certificate PEM. The key is parsed once into a KeyObject (re-parsing a PEM per signature costs
 * about two thirds of the throughput).
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, type X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  checkSignatureAlgorithm,
  checkSigningCertificate,
  readSigningCertificate,
} from './check-signing-certificate.ts';
import type { ServerSigner } from './server-signer.ts';
import { SigningError } from './signing-error.ts';

export interface FileSignerMaterial {
  /** PKCS#8 PEM ("PRIVATE KEY" or "ENCRYPTED PRIVATE KEY"), or an already parsed KeyObject. */
  readonly privateKey: string | KeyObject;
  readonly passphrase?: string;
  /** Certificate PEM or X509Certificate. */
  readonly certificate: string | X509Certificate;
}

function parsePrivateKey(material: FileSignerMaterial): KeyObject {
  if (typeof material.privateKey !== 'string') return material.privateKey;
  if (!/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(material.privateKey))
    throw new SigningError('SIGNING_KEY_INVALID', 'the server signing key must be a PKCS#8 PEM');
  try {
    return createPrivateKey({
      key: material.privateKey,
      format: 'pem',
      ...(material.passphrase === undefined ? {} : { passphrase: material.passphrase }),
    });
  } catch (error) {
    // The library's message may quote the input: keep it out of ours.
    throw new SigningError(
      'SIGNING_KEY_INVALID',
      'the server signing key cannot be read (wrong passphrase?)',
      {
        cause: error,
      },
    );
  }
}

export function createFileSigner(material: FileSignerMaterial): ServerSigner {
  const privateKey = parsePrivateKey(material);
  if (privateKey.type !== 'private')
    throw new SigningError('SIGNING_KEY_INVALID', 'the server signing key is not a private key');
  const certificate = readSigningCertificate(material.certificate);
  checkSigningCertificate(certificate, createPublicKey(privateKey));
  let closed = false;
  return {
    certificate,
    sign(data, algorithm) {
      if (closed) throw new SigningError('SIGNING_CLOSED', 'the server signer is closed');
      checkSignatureAlgorithm(algorithm);
      // SKSML-SRV-36: the server signs its responses.
      return new Uint8Array(sign('sha256', data, privateKey));
    },
    close() {
      closed = true;
    },
  };
}

export interface FileSignerPaths {
  readonly privateKeyFile: string;
  readonly certificateFile: string;
  readonly passphrase?: string;
}

export function loadFileSigner(paths: FileSignerPaths): ServerSigner {
  return createFileSigner({
    privateKey: readFileSync(paths.privateKeyFile, 'utf8'),
    certificate: readFileSync(paths.certificateFile, 'utf8'),
    ...(paths.passphrase === undefined ? {} : { passphrase: paths.passphrase }),
  });
}
