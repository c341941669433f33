/**
 * What the harness knows about a target: the credentials it may use and the capabilities the
 * operator declares. Cases whose `profile.requires` the profile lacks are skipped with a reason.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { Capability, ClientRef } from './case.ts';
import type { ProfileSummary } from './result.ts';

export interface ClientCredential {
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
}

export interface ConformanceProfile {
  readonly soapVersion: '1.1' | '1.2';
  /** DomainID of new-key requests and of the GlobalKeyIDs the target hands out. */
  readonly domainId: bigint;
  /** KeyClasses the target serves to client1 (may be empty: only the default class is used). */
  readonly keyClasses: readonly string[];
  /** client1 first; client2 (another client, not entitled to client1's keys) second. */
  readonly clients: readonly ClientCredential[];
  /** A client the target knows but has deactivated. */
  readonly deactivatedClient?: ClientCredential;
  /** Trust anchors for the target's response signatures (--ca). */
  readonly trustAnchors: readonly X509Certificate[];
  /** The CA that issues client certificates, when the operator gives it (for odd-certificate attacks). */
  readonly issuingCa?: ClientCredential;
  /** The target accepts SOAP 1.1 (SKSML-BIND-2). */
  readonly soap11: boolean;
  /** The target serves client1 with rsa-1_5 key transport (a legacy client). */
  readonly rsa15: boolean;
  /** A KeyClass the target answers asynchronously (SymkeyWorkInProgress); absent: no async. */
  readonly asyncKeyClass?: string;
  /** A KeyClass whose KeyUsePolicy is Inactive at the target; absent: not tested. */
  readonly inactiveKeyClass?: string;
  /** Largest request body the target accepts (default 1 MiB, SKSML-BIND-24). */
  readonly maxBodyBytes: number;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs: number;
}

export function capabilitiesOf(profile: ConformanceProfile): Set<Capability> {
  const caps = new Set<Capability>();
  if (profile.asyncKeyClass !== undefined) caps.add('async');
  if (profile.deactivatedClient !== undefined) caps.add('deactivatedClient');
  if (profile.clients.length >= 2) caps.add('secondClient');
  if (profile.soap11) caps.add('soap11');
  if (profile.rsa15) caps.add('rsa15');
  if (profile.issuingCa !== undefined) caps.add('issuingCa');
  if (profile.keyClasses.length >= 1) caps.add('keyClasses');
  if (profile.keyClasses.length >= 2) caps.add('twoKeyClasses');
  if (profile.inactiveKeyClass !== undefined) caps.add('inactiveKeyClass');
  return caps;
}

/** The credential a step names, or undefined when the profile lacks it ('none' is never a credential). */
export function credentialOf(profile: ConformanceProfile, ref: ClientRef): ClientCredential | undefined {
  switch (ref) {
    case 'client1':
      return profile.clients[0];
    case 'client2':
      return profile.clients[1];
    case 'deactivated':
      return profile.deactivatedClient;
    case 'none':
    case 'client1-encryption':
      return undefined;
  }
}

function subjectCn(certificate: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1] ?? certificate.subject;
}

export function summarizeProfile(profile: ConformanceProfile): ProfileSummary {
  return {
    soapVersion: profile.soapVersion,
    domainId: profile.domainId.toString(),
    keyClasses: [...profile.keyClasses],
    clients: profile.clients.map((c) => ({
      subject: subjectCn(c.certificate),
      fingerprint256: c.certificate.fingerprint256,
    })),
    capabilities: [...capabilitiesOf(profile)].sort(),
  };
}
