/**
 * Turning bytes into certificates: one certificate (DER or PEM) or a PEM bundle of trust anchors.
 * Anything that is not exactly a readable certificate fails with CERT_MALFORMED.
 */
import { X509Certificate } from 'node:crypto';
import { CertificateError } from './certificate-error.ts';
import { readCertificateFields } from './certificate-fields.ts';

function fromDer(der: Uint8Array, what: string): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    throw new CertificateError('CERT_MALFORMED', `${what} is not a readable X.509 certificate`, { cause: e });
  }
  // Our own strict reading: rejects what OpenSSL tolerates but chain checks could misread.
  readCertificateFields(cert.raw);
  if (Buffer.compare(cert.raw, Buffer.from(der)) !== 0) {
    throw new CertificateError('CERT_MALFORMED', `${what} has bytes after the certificate`);
  }
  return cert;
}

/** Splits PEM text into blocks with a linear scan (no backtracking regex on untrusted text). */
function pemBlocks(text: string): { label: string; der: Buffer }[] {
  const blocks: { label: string; der: Buffer }[] = [];
  const BEGIN = '-----BEGIN ';
  const END = '-----END ';
  const DASHES = '-----';
  let at = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, at);
    if (begin === -1) break;
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
    if (labelEnd === -1) throw new CertificateError('CERT_MALFORMED', 'unterminated PEM header');
    const label = text.slice(begin + BEGIN.length, labelEnd);
    const end = text.indexOf(END, labelEnd + DASHES.length);
    if (end === -1) throw new CertificateError('CERT_MALFORMED', 'PEM block without an END line');
    const endLabelEnd = text.indexOf(DASHES, end + END.length);
    if (
      endLabelEnd === -1 ||
      text.slice(end + END.length, endLabelEnd) !== label ||
      !/^[A-Z0-9 ]{1,40}$/.test(label)
    ) {
      throw new CertificateError('CERT_MALFORMED', 'PEM block labels do not match');
    }
    const compact = text.slice(labelEnd + DASHES.length, end).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
      throw new CertificateError('CERT_MALFORMED', 'PEM block is not base64');
    }
    blocks.push({ label, der: Buffer.from(compact, 'base64') });
    at = endLabelEnd + DASHES.length;
  }
  return blocks;
}

/**
 * One certificate from DER bytes or from text holding exactly one PEM CERTIFICATE block.
 */
export function parseCertificate(derOrPem: Uint8Array | string): X509Certificate {
  if (typeof derOrPem !== 'string') return fromDer(derOrPem, 'certificate');
  const blocks = pemBlocks(derOrPem);
  if (blocks.length !== 1 || blocks[0]!.label !== 'CERTIFICATE') {
    throw new CertificateError('CERT_MALFORMED', 'expected exactly one PEM CERTIFICATE block');
  }
  return fromDer(blocks[0]!.der, 'certificate');
}

/**
 * The trust anchors of a configuration: a PEM bundle of one or more CERTIFICATE blocks (text
 * between blocks is ignored). Any other block type (a private key pasted by mistake) is refused.
 */
export function loadTrustAnchors(pem: string): X509Certificate[] {
  const blocks = pemBlocks(pem);
  if (blocks.length === 0)
    throw new CertificateError('CERT_MALFORMED', 'no PEM certificate in trust anchor bundle');
  return blocks.map((b, i) => {
    if (b.label !== 'CERTIFICATE') {
      throw new CertificateError(
        'CERT_MALFORMED',
        `trust anchor bundle block ${i + 1} is a ${b.label}, not a CERTIFICATE`,
      );
    }
    return fromDer(b.der, `trust anchor ${i + 1}`);
  });
}
