import type { ConformanceCase } from '../model/case.ts';

export const soap11MissingSoapaction: ConformanceCase = {
  id: 'soap11-missing-soapaction',
  title: 'SOAP 1.1 without SOAPAction refused',
  description: 'A SOAP 1.1 request without SOAPAction is refused with a Client fault (HTTP 500).',
  requirements: ['SKSML-BIND-17'],
  profile: { requires: ['soap11'] },
  requests: [{ build: 'newKeyRequest', soap: '1.1', mutate: ['http:no-soapaction'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'Sender' } },
};
