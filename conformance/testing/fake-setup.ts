/** A fake target and a matching profile over one test PKI, for the harness's own tests. */
import { createTestPki, type TestPki } from '../../protocol/testkit/pki.ts';
import type { ConformanceProfile } from '../model/profile.ts';
import type { Target } from '../model/target.ts';
import { createFakeTarget, type FakeTargetSwitches } from './fake-target.ts';

export const FAKE_KEY_CLASSES = ['PAYROLL', 'BACKUP'] as const;

export interface FakeSetup {
  readonly pki: TestPki;
  readonly target: Target;
  readonly profile: ConformanceProfile;
}

/** client1 and client2 are ordinary clients; client3 is deactivated at the target. */
export function createFakeSetup(
  switches: FakeTargetSwitches = {},
  profile: Partial<ConformanceProfile> = {},
): FakeSetup {
  const pki = createTestPki({ clients: 3 });
  const [c1, c2, c3] = pki.clients;
  if (c1 === undefined || c2 === undefined || c3 === undefined) throw new Error('test PKI without clients');
  const target = createFakeTarget({
    server: pki.server,
    trustAnchors: pki.trustAnchors,
    keyClasses: FAKE_KEY_CLASSES,
    inactiveKeyClasses: ['RETIRED'],
    deactivated: [c3.certificate],
    switches,
  });
  return {
    pki,
    target,
    profile: {
      soapVersion: '1.2',
      domainId: 10514n,
      keyClasses: [...FAKE_KEY_CLASSES],
      clients: [c1, c2],
      deactivatedClient: c3,
      trustAnchors: pki.trustAnchors,
      issuingCa: pki.ca,
      inactiveKeyClass: 'RETIRED',
      soap11: true,
      rsa15: false,
      maxBodyBytes: 1024 * 1024,
      timeoutMs: 10_000,
      ...profile,
    },
  };
}
