/**
 * The defective variants of the reference server and how the suite must catch each: the cases
 * that must FAIL against it (the relevant subset the variant is run with), and for each case the
 * requirement IDs its findings must name.
 */
import type { DefectName } from '../../reference-server/defects/index.ts';

export interface Catch {
  readonly case: string;
  readonly requirements: readonly string[];
}

export interface Variant {
  readonly defect: DefectName;
  readonly catches: readonly Catch[];
}

function variant(defect: DefectName, ...catches: [string, ...string[]][]): Variant {
  return { defect, catches: catches.map(([c, ...requirements]) => ({ case: c, requirements })) };
}

export const VARIANTS: readonly Variant[] = [
  variant(
    'skipSignatureVerification',
    ['wss-tampered-body', 'SKSML-WSS-21', 'SKSML-WSS-24'],
    ['wss-tampered-signature', 'SKSML-WSS-24'],
  ),
  variant('acceptWrappedBody', ['wss-xsw-body-in-header', 'SKSML-WSS-19']),
  variant('acceptStaleTimestamp', ['wss-stale-timestamp', 'SKSML-WSS-9']),
  variant('noReplayCache', ['wss-replayed-request', 'SKSML-WSS-22']),
  variant('acceptRsaSha1', ['wss-rsa-sha1-refused', 'SKSML-WSS-13']),
  variant('acceptDoctype', ['wss-doctype-attack', 'SKSML-WSS-26', 'SKSML-BIND-25']),
  variant('ignoreDeactivation', ['deactivated-client-refused', 'SKSML-SRV-103']),
  variant('ignoreKeyOwner', ['other-clients-key-refused', 'SKSML-SRV-41']),
  variant('ignoreInactivePolicy', ['inactive-class-refused', 'SKSML-SRV-108']),
  variant('acceptForeignEncryptionCertificate', ['foreign-encryption-certificate-refused', 'SKSML-SRV-110']),
  variant('reuseKeys', ['new-key-fresh-across-requests', 'SKSML-SRV-40']),
  variant('wrongKeySize', ['new-key-default-class', 'SKSML-SRV-44']),
  variant('sentinelGlobalKeyId', ['new-key-default-class', 'SKSML-MSG-10']),
  variant('rsa15KeyTransport', ['new-key-default-class', 'SKSML-WSS-25']),
  variant('serveTamperedRow', ['existing-key-roundtrip', 'SKSML-SRV-41']),
  variant(
    'unsignedResponse',
    ['new-key-default-class', 'SKSML-SRV-36'],
    ['kcp-response-valid', 'SKSML-SRV-36'],
  ),
  variant('stackTraceInFault', ['wss-unsigned-request', 'SKSML-BIND-22'], ['xml-malformed', 'SKSML-BIND-22']),
  variant('keyBytesInError', ['known-and-unknown-keys-answered', 'SKSML-BIND-22']),
  variant('signatureOracle', ['wss-uniform-signature-faults', 'SKSML-WSS-24']),
  variant('wrongRequestCheckInterval', ['async-work-in-progress', 'SKSML-MSG-14']),
];
