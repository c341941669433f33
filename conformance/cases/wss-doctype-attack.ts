import type { ConformanceCase } from '../model/case.ts';

export const wssDoctypeAttack: ConformanceCase = {
  id: 'wss-doctype-attack',
  title: 'DOCTYPE in a signed envelope refused',
  description:
    'The parser attack fixture: a signed envelope preceded by a DOCTYPE is refused with a Sender fault before any WS-Security processing.',
  requirements: ['SKSML-WSS-26', 'SKSML-BIND-25'],
  requests: [{ build: 'attack', attack: 'doctype-declaration' }],
  expect: { outcome: 'reject', phase: ['binding', 'security'], fault: { code: 'Sender' } },
};
