import type { ConformanceCase } from '../model/case.ts';

export const wssTamperedBody: ConformanceCase = {
  id: 'wss-tampered-body',
  title: 'Tampered Body refused',
  description: 'The Body is changed after signing.',
  requirements: ['SKSML-WSS-24', 'SKSML-WSS-21', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'tampered-body' }],
  expect: { outcome: 'reject', phase: 'security', fault: { code: 'Sender', subcode: 'wsse:FailedCheck' } },
};
