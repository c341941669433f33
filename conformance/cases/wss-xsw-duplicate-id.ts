import type { ConformanceCase } from '../model/case.ts';

export const wssXswDuplicateId: ConformanceCase = {
  id: 'wss-xsw-duplicate-id',
  title: 'Signature wrapping with a duplicate wsu:Id',
  description: 'The replacing Body carries the signed wsu:Id as well.',
  requirements: ['SKSML-WSS-18', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'xsw-body-wrapper-duplicate-id' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
