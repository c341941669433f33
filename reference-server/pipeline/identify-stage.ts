/**
 * Stage 5: client identification. The verified signing certificate's SHA-256 fingerprint names a
 * registered client; an unknown or deactivated client is refused with the same fault
 * (wsse:FailedAuthentication), so a peer cannot tell which (SKSML-SRV-37).
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { hasDefect } from '../defects/defect-switches.ts';
import type { ClientRecord } from '../store/records.ts';
import type { SksServices } from '../service/services.ts';
import { ServerError } from '../errors/server-error.ts';

/**
 * Fingerprints already computed, per certificate object. An X509Certificate never changes, and the
 * verifier hands back the same object for the same token (protocol/wss/key-info.ts), so the
 * fingerprint of its DER is computed once per object instead of once per request.
 */
const fingerprints = new WeakMap<X509Certificate, string>();

export function certificateFingerprint(certificate: X509Certificate): string {
  let fingerprint = fingerprints.get(certificate);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(certificate.raw).digest('hex');
    fingerprints.set(certificate, fingerprint);
  }
  return fingerprint;
}

export async function identifyClient(
  services: SksServices,
  certificate: X509Certificate,
): Promise<ClientRecord> {
  // A client row that fails verification throws IntegrityError: an internal fault, alarm raised.
  const client = await services.store.getClientByFingerprint(certificateFingerprint(certificate));
  // SKSML-SRV-37, SKSML-SRV-103
  if (client === undefined)
    throw new ServerError('SRV_UNKNOWN_CLIENT', 'the signing certificate is not registered');
  if (client.status !== 'active' && !hasDefect(services, 'ignoreDeactivation'))
    throw new ServerError('SRV_CLIENT_DEACTIVATED', 'the client is deactivated');
  return client;
}
