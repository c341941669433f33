import type { ConformanceCase } from '../model/case.ts';

export const deactivatedClientRefused: ConformanceCase = {
  id: 'deactivated-client-refused',
  title: 'A deactivated client gets no key',
  description:
    'A correctly signed new-key request from a deactivated client is refused with exactly the fault of an untrusted certificate (wsse:FailedAuthentication, same reason and status).',
  requirements: ['SKSML-SRV-37', 'SKSML-SRV-103'],
  profile: { requires: ['deactivatedClient'] },
  requests: [
    {
      id: 'untrusted',
      build: 'attack',
      attack: 'untrusted-ca-certificate',
      expect: {
        outcome: 'reject',
        phase: 'security',
        fault: { code: 'Sender', subcode: 'wsse:FailedAuthentication' },
      },
    },
    { id: 'deactivated', build: 'newKeyRequest', sign: 'deactivated' },
  ],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:FailedAuthentication' },
  },
  uniform: ['untrusted', 'deactivated'],
};
