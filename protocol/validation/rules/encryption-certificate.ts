/** X509EncryptionCertificate must decode to an X.509 certificate (the schema only checks base64). */
import { X509Certificate } from 'node:crypto';
import { directText } from '../../xml/tree.ts';
import type { SemanticRule } from '../rule.ts';
import { decodeBase64 } from '../values.ts';

export const encryptionCertificateRule: SemanticRule = {
  name: 'encryption-certificate',
  requirements: ['SKSML-MSG-7'],
  codes: ['SEM_CERT_NOT_BASE64', 'SEM_CERT_NOT_X509'],
  check(ctx) {
    for (const at of ctx.sksml('X509EncryptionCertificate')) {
      const bytes = decodeBase64(directText(at.element));
      if (bytes === null) {
        // SKSML-MSG-7
        ctx.report(at, {
          code: 'SEM_CERT_NOT_BASE64',
          requirement: 'SKSML-MSG-7',
          severity: 'error',
          message:
            'X509EncryptionCertificate is not base64: it must hold the DER certificate in base64 (a PEM file without its BEGIN/END lines)',
        });
        continue;
      }
      let ok = bytes.length > 0;
      if (ok) {
        try {
          new X509Certificate(bytes);
        } catch {
          ok = false;
        }
      }
      if (!ok) {
        // SKSML-MSG-7
        ctx.report(at, {
          code: 'SEM_CERT_NOT_X509',
          requirement: 'SKSML-MSG-7',
          severity: 'error',
          message: `X509EncryptionCertificate decodes to ${bytes.length} bytes that are not a DER-encoded X.509 certificate`,
        });
      }
    }
  },
};
