/**
 * TEST-ONLY defect switches of the reference server. Each switch breaks the server in one named,
 * realistic way so the conformance suite can be proven to catch it (tests/certification/).
 *
 * A switch is reachable ONLY through the explicit `deps.defects` argument of createServer /
 * openServices (reference-server/service/open-services.ts). No configuration file field, no
 * environment variable and no CLI flag can set one; without `deps.defects` every hook in the
 * server is the identity and the server is the correct reference server.
 */

/** Every defect, with what the broken server does (and which requirement that breaks). */
export const DEFECTS = Object.freeze({
  skipSignatureVerification:
    'serves a request whatever its SignatureValue and digests say (SKSML-WSS-21, SKSML-WSS-24)',
  acceptWrappedBody:
    'resolves signed references by Id wherever they are and then serves the envelope Body (XSW; SKSML-WSS-19)',
  acceptStaleTimestamp: 'tolerates ten days of clock skew, so stale Timestamps pass (SKSML-WSS-9)',
  noReplayCache: 'keeps no replay cache, so a replayed request is served again (SKSML-WSS-22)',
  acceptRsaSha1: 'accepts RSA-SHA1 request signatures (SKSML-WSS-13)',
  acceptDoctype:
    'drops a DOCTYPE in front of the request instead of refusing it (SKSML-WSS-26, SKSML-BIND-25)',
  ignoreDeactivation: 'serves deactivated clients (SKSML-SRV-103)',
  ignoreKeyOwner: "serves any client's existing key to any client (SKSML-SRV-41)",
  ignoreInactivePolicy: 'issues new keys of classes whose KeyUsePolicy is Inactive (SKSML-SRV-108)',
  acceptForeignEncryptionCertificate:
    "wraps keys to any trusted X509EncryptionCertificate, even another client's (SKSML-SRV-110)",
  reuseKeys: 'hands out the same key bytes for every new key of a size (SKSML-SRV-40)',
  wrongKeySize: 'announces a KeySize in the KeyUsePolicy that is not the size of the key (SKSML-SRV-44)',
  sentinelGlobalKeyId: 'returns new keys under the new-key sentinel GlobalKeyID (SKSML-MSG-10)',
  rsa15KeyTransport: 'wraps keys with RSA PKCS#1 v1.5 (rsa-1_5) only (SKSML-WSS-25)',
  serveTamperedRow:
    'serves a key row that was altered at rest, skipping the integrity check (SKSML-SRV-41: not the key delivered)',
  unsignedResponse: 'sends responses without a WS-Security signature (SKSML-SRV-36)',
  stackTraceInFault: 'puts the stack trace of the failure into every fault reason (SKSML-BIND-22)',
  keyBytesInError: 'puts the last delivered key, in hex, into every SymkeyError message (SKSML-BIND-22)',
  signatureOracle: 'answers a digest mismatch with another reason than a bad signature (SKSML-WSS-24)',
  wrongRequestCheckInterval: 'hands out RequestCheckInterval 30, below the minimum of 60 (SKSML-MSG-14)',
} as const);

export type DefectName = keyof typeof DEFECTS;

export const DEFECT_NAMES = Object.freeze(Object.keys(DEFECTS) as DefectName[]);

/** The switches a test turns on (absent or false: that part of the server is correct). */
export type DefectSwitches = Partial<Readonly<Record<DefectName, boolean>>>;

/** Anything that may carry switches (the server's services). */
export interface DefectCarrier {
  readonly defects?: DefectSwitches;
}

/** True when the test-only switch `name` is on for this server instance. */
export function hasDefect(carrier: DefectCarrier, name: DefectName): boolean {
  return carrier.defects?.[name] === true;
}
