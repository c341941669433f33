import type { ConformanceCase } from '../model/case.ts';

export const wssCommentInDigest: ConformanceCase = {
  id: 'wss-comment-in-digest',
  title: 'Comment inside DigestValue refused',
  description: 'A comment splits the DigestValue (CVE-2025-29775 shape).',
  requirements: ['SKSML-WSS-20', 'SKSML-BIND-23'],
  requests: [{ build: 'attack', attack: 'comment-in-digest-value' }],
  expect: {
    outcome: 'reject',
    phase: 'security',
    fault: { code: 'Sender', subcode: 'wsse:InvalidSecurity' },
  },
};
