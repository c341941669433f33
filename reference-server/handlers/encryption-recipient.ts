/**
 * The certificate a Symkey is wrapped to (SKSML-SRV-38, -39; spec/server.md §X509EncryptionCertificate).
 *
 * Without X509EncryptionCertificate: the client's verified signing certificate. With it: that
 * certificate, but ONLY when (1) it chains to the server's trust anchors for keyEncipherment at the
 * current time, and (2) it belongs to the authenticated client: it is the client's registered
 * certificate, or its subject DN equals the subject DN of the certificate that signed the request.
 * Otherwise every item of the request is refused (SKS-INVALID-ENCRYPTION-CERTIFICATE); the server
 * never falls back silently to another certificate than the one the client named.
 */
import type { X509Certificate } from 'node:crypto';
import { verifyCertificateChainCached } from '../../protocol/pki/verification-cache.ts';
import { parseCertificate } from '../../protocol/pki/parse.ts';
import { hasDefect } from '../defects/defect-switches.ts';
import type { ClientRecord } from '../store/records.ts';
import type { SksServices } from '../service/services.ts';

export type RecipientChoice =
  | { readonly ok: true; readonly certificate: X509Certificate }
  | { readonly ok: false; readonly code: 'SKS-INVALID-ENCRYPTION-CERTIFICATE' };

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function usableForEncryption(services: SksServices, certificate: X509Certificate): boolean {
  try {
    // Only successes are cached, and only while `at` lies in the chain's validity window; the
    // anchors are keyed by their current contents, so a removed anchor is never trusted again.
    verifyCertificateChainCached(certificate, {
      trustAnchors: services.trustAnchors,
      at: services.now(),
      usage: 'keyEncipherment',
    });
    return true;
  } catch {
    return false;
  }
}

export function chooseRecipient(
  services: SksServices,
  client: ClientRecord,
  signer: X509Certificate,
  x509EncryptionCertificate: Uint8Array | undefined,
): RecipientChoice {
  const refused = { ok: false, code: 'SKS-INVALID-ENCRYPTION-CERTIFICATE' } as const;
  if (x509EncryptionCertificate === undefined) {
    // SKSML-SRV-39: without a certificate in the request, the one the server knows for the client.
    return usableForEncryption(services, signer) ? { ok: true, certificate: signer } : refused;
  }
  let certificate: X509Certificate;
  try {
    certificate = parseCertificate(x509EncryptionCertificate);
  } catch {
    return refused;
  }
  const belongs =
    sameBytes(certificate.raw, client.certificateDer) ||
    certificate.subject === signer.subject ||
    hasDefect(services, 'acceptForeignEncryptionCertificate');
  // SKSML-SRV-39: a certificate from the request is used only when trusted AND the client's own.
  if (!belongs || !usableForEncryption(services, certificate)) return refused;
  return { ok: true, certificate };
}
