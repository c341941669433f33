import type { ConformanceCase } from '../model/case.ts';

export const asyncWorkInProgress: ConformanceCase = {
  id: 'async-work-in-progress',
  title: 'Asynchronous request and poll',
  description:
    "A new-key request for the profile's asynchronous KeyClass is answered with SymkeyWorkInProgress; polling its SymkeyRequestID is answered for that request.",
  requirements: ['SKSML-SRV-47', 'SKSML-MSG-14'],
  profile: { requires: ['async'] },
  requests: [
    {
      id: 'ask',
      build: 'newKeyRequest',
      keyClasses: ['@async'],
      expect: {
        outcome: 'accept',
        checks: ['response-signed-by-server', 'response-schema-valid', 'work-in-progress-valid'],
      },
    },
    { id: 'poll', build: 'pollRequest', symkeyRequestIdsFrom: 'ask' },
  ],
  expect: {
    outcome: 'accept',
    checks: [
      'response-signed-by-server',
      'response-schema-valid',
      'response-semantics-valid',
      'poll-answered',
    ],
  },
};
