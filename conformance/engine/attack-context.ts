/**
 * The attack fixtures of protocol/testkit build their envelopes from a test PKI. Against a real
 * target the "PKI" is the profile: client1 signs; odd certificates that must chain to the
 * client CA (expired, wrong key usage, ...) can only be made when the profile gives that CA.
 */
import { type AttackContext, createAttackContext } from '../../protocol/testkit/attacks/catalog.ts';
import type { PkiCredential, TestPki } from '../../protocol/testkit/pki.ts';
import type { ClientCredential, ConformanceProfile } from '../model/profile.ts';
import { HarnessError } from './harness-error.ts';

function asPkiCredential(c: ClientCredential): PkiCredential {
  return {
    certificate: c.certificate,
    certificatePem: c.certificate.toString(),
    privateKey: c.privateKey,
    privateKeyPem: c.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function profileAttackContext(profile: ConformanceProfile, now: Date): AttackContext {
  const client1 = profile.clients[0];
  if (client1 === undefined)
    throw new HarnessError('HARNESS_NO_CLIENT', 'the profile has no client credential');
  const clients = profile.clients.map(asPkiCredential);
  const bits = (client1.privateKey.asymmetricKeyDetails?.modulusLength ?? 2048) >= 3072 ? 3072 : 2048;
  const pki = {
    servers: [],
    clients,
    trustAnchors: profile.trustAnchors,
    now,
    bits,
  } as unknown as Record<string, unknown>;
  Object.defineProperty(pki, 'ca', {
    enumerable: true,
    get: () => {
      if (profile.issuingCa === undefined)
        throw new HarnessError('HARNESS_NO_ISSUING_CA', 'this attack needs the client CA (issuingCa)');
      return asPkiCredential(profile.issuingCa);
    },
  });
  Object.defineProperty(pki, 'server', {
    enumerable: true,
    get: () => {
      throw new HarnessError('HARNESS_NO_SERVER_KEY', 'the harness has no server credential');
    },
  });
  return createAttackContext({ pki: pki as unknown as TestPki, now });
}
