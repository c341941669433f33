/**
 * A second certificate for client1: same subject, a new RSA key pair, keyEncipherment, issued by
 * the profile's client CA. Used as X509EncryptionCertificate (SKSML-SRV-39); made once per profile.
 */
import type { DistinguishedName } from '../../protocol/pki/certificate-builder.ts';
import { generatePrivateKey, issueCredential } from '../../protocol/pki/credential.ts';
import { endEntityTemplate } from '../../protocol/pki/roles.ts';
import type { ClientCredential, ConformanceProfile } from '../model/profile.ts';
import { HarnessError } from './harness-error.ts';

const made = new WeakMap<ConformanceProfile, ClientCredential>();
const DAY = 86_400_000;

function subjectOf(subject: string): DistinguishedName {
  const field = (name: string): string | undefined =>
    new RegExp(`(?:^|\\n)${name}=([^\\n]*)`).exec(subject)?.[1];
  const commonName = field('CN');
  if (commonName === undefined) throw new HarnessError('HARNESS_NO_CLIENT', 'client1 certificate has no CN');
  const organization = field('O');
  const organizationalUnit = field('OU');
  return {
    commonName,
    ...(organization === undefined ? {} : { organization }),
    ...(organizationalUnit === undefined ? {} : { organizationalUnit }),
  };
}

export function encryptionCredential(profile: ConformanceProfile): ClientCredential {
  const existing = made.get(profile);
  if (existing !== undefined) return existing;
  const ca = profile.issuingCa;
  const client1 = profile.clients[0];
  if (ca === undefined || client1 === undefined)
    throw new HarnessError(
      'HARNESS_NO_ISSUING_CA',
      'an encryption certificate needs client1 and the client CA',
    );
  const now = Date.now();
  const bits = Math.max(2048, client1.privateKey.asymmetricKeyDetails?.modulusLength ?? 2048);
  const credential = issueCredential(
    endEntityTemplate(
      'client',
      subjectOf(client1.certificate.subject),
      new Date(now - DAY),
      new Date(now + 30 * DAY),
    ),
    generatePrivateKey({ type: 'rsa', bits }),
    { ...ca, certificatePem: ca.certificate.toString(), privateKeyPem: '' },
  );
  made.set(profile, credential);
  return credential;
}
