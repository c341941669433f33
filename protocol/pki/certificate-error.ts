import { SksmlError } from '../errors/sksml-error.ts';

/** Stable codes of certificate failures (see verifyCertificateChain). */
export type CertificateErrorCode =
  | 'CERT_UNTRUSTED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_KEY_USAGE'
  | 'CERT_KEY_TYPE'
  | 'CERT_WEAK_KEY'
  | 'CERT_MALFORMED';

/** A certificate or chain was refused. Messages name the certificate, never key material. */
export class CertificateError extends SksmlError {
  declare readonly code: CertificateErrorCode;

  constructor(
    code: CertificateErrorCode,
    message: string,
    options?: { requirement?: string; cause?: unknown },
  ) {
    super(code, message, options);
  }
}
