import type { ConformanceCase } from '../model/case.ts';

export const soapVersionMismatch: ConformanceCase = {
  id: 'soap-version-mismatch',
  title: 'Envelope version differs from the media type',
  description: 'A SOAP 1.1 envelope sent as application/soap+xml gets a VersionMismatch fault (HTTP 500).',
  requirements: ['SKSML-BIND-18'],
  requests: [{ build: 'newKeyRequest', soap: '1.1', mutate: ['http:content-type-soap12'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'VersionMismatch' } },
};
