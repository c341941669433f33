import type { ConformanceCase } from '../model/case.ts';

export const wssReplayedRequest: ConformanceCase = {
  id: 'wss-replayed-request',
  title: 'Replayed request refused',
  description:
    'The exact bytes of an accepted request are sent again within their lifetime and must be refused.',
  requirements: ['SKSML-WSS-22'],
  requests: [
    { id: 'original', build: 'newKeyRequest' },
    { id: 'replay', replayOf: 'original', build: 'newKeyRequest' },
  ],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
