import type { ConformanceCase } from '../model/case.ts';

export const newKeySoapVersionEchoed: ConformanceCase = {
  id: 'new-key-soap-version-echoed',
  title: 'The response uses the request SOAP version',
  description: 'A SOAP 1.2 request is answered with a SOAP 1.2 envelope and the SOAP 1.2 media type.',
  requirements: ['SKSML-BIND-20', 'SKSML-BIND-1'],
  requests: [{ build: 'newKeyRequest', soap: '1.2' }],
  expect: {
    outcome: 'accept',
    checks: ['response-http-200', 'response-soap-version-matches', 'response-signed-by-server'],
  },
};
