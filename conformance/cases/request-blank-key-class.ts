import type { ConformanceCase } from '../model/case.ts';

export const requestBlankKeyClass: ConformanceCase = {
  id: 'request-blank-key-class',
  title: 'Blank KeyClass refused',
  description: 'A KeyClass of white space only is refused.',
  requirements: ['SKSML-MSG-106', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', keyClasses: ['DEFAULT'], mutate: ['payload:blank-key-class'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
