/**
 * Detached signature of the JSON report: RSA-SHA256 over its exact bytes, with the signer's
 * certificate, written as report.json.sig. Verification checks the certificate chain against the
 * given trust anchors, then the signature.
 */
import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { SksmlError } from '../../protocol/errors/sksml-error.ts';
import { verifyCertificateChain } from '../../protocol/pki/chain.ts';

export const REPORT_SIGNATURE_FORMAT = 'sksml-report-signature/1';

export class ReportSignatureError extends SksmlError {}

export interface ReportSigner {
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
}

export function signReport(report: Uint8Array, signer: ReportSigner): string {
  if (signer.privateKey.asymmetricKeyType !== 'rsa')
    throw new ReportSignatureError('REPORT_SIGNER_NOT_RSA', 'the report signing key must be an RSA key');
  const signature = sign('sha256', report, signer.privateKey);
  if (!verify('sha256', report, signer.certificate.publicKey, signature))
    throw new ReportSignatureError('REPORT_SIGNER_MISMATCH', 'the signing key does not match the certificate');
  return `${JSON.stringify(
    {
      format: REPORT_SIGNATURE_FORMAT,
      algorithm: 'RSA-SHA256',
      reportSha256: createHash('sha256').update(report).digest('hex'),
      signature: signature.toString('base64'),
      certificate: signer.certificate.toString(),
    },
    null,
    2,
  )}\n`;
}

export interface VerifiedReport {
  readonly signerSubject: string;
  readonly signerFingerprint256: string;
}

export function verifyReportSignature(
  report: Uint8Array,
  signatureText: string,
  trustAnchors: readonly X509Certificate[],
  at: Date = new Date(),
): VerifiedReport {
  let parsed: { format?: unknown; algorithm?: unknown; signature?: unknown; certificate?: unknown; reportSha256?: unknown };
  try {
    parsed = JSON.parse(signatureText) as typeof parsed;
  } catch {
    throw new ReportSignatureError('REPORT_SIGNATURE_MALFORMED', 'the signature file is not JSON');
  }
  if (parsed.format !== REPORT_SIGNATURE_FORMAT || parsed.algorithm !== 'RSA-SHA256')
    throw new ReportSignatureError('REPORT_SIGNATURE_MALFORMED', `the signature file is not ${REPORT_SIGNATURE_FORMAT} with RSA-SHA256`);
  if (typeof parsed.signature !== 'string' || typeof parsed.certificate !== 'string')
    throw new ReportSignatureError('REPORT_SIGNATURE_MALFORMED', 'the signature file lacks signature or certificate');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(parsed.certificate);
  } catch {
    throw new ReportSignatureError('REPORT_SIGNATURE_MALFORMED', 'the signer certificate does not parse');
  }
  try {
    verifyCertificateChain(certificate, { trustAnchors, at, usage: 'signature' });
  } catch (e) {
    throw new ReportSignatureError('REPORT_SIGNER_UNTRUSTED', 'the signer certificate does not chain to the trust anchors', {
      cause: e,
    });
  }
  const ok = verify('sha256', report, certificate.publicKey, Buffer.from(parsed.signature, 'base64'));
  if (!ok) throw new ReportSignatureError('REPORT_SIGNATURE_INVALID', 'the signature does not match the report bytes');
  return { signerSubject: certificate.subject, signerFingerprint256: certificate.fingerprint256 };
}
