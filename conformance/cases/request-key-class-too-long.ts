import type { ConformanceCase } from '../model/case.ts';

export const requestKeyClassTooLong: ConformanceCase = {
  id: 'request-key-class-too-long',
  title: 'KeyClass over 255 characters refused',
  description: 'A KeyClass of 256 characters is refused.',
  requirements: ['SKSML-MSG-4', 'SKSML-SRV-104'],
  requests: [{ build: 'newKeyRequest', keyClasses: ['DEFAULT'], mutate: ['payload:long-key-class'] }],
  expect: {
    outcome: 'reject',
    phase: 'validation',
    fault: { code: 'Sender', subcode: 'sksml:InvalidRequest' },
  },
};
