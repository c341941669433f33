import type { ConformanceCase } from '../model/case.ts';

export const requestEmptyKeyClasses: ConformanceCase = {
  id: 'request-empty-key-classes',
  title: 'Empty KeyClasses refused',
  description: 'A KeyClasses element without KeyClass is refused.',
  requirements: ['SKSML-MSG-3', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', keyClasses: ['DEFAULT'], mutate: ['payload:empty-key-classes'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
