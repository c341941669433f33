import type { ConformanceCase } from '../model/case.ts';

export const newKeyNoAction: ConformanceCase = {
  id: 'new-key-no-action',
  title: 'A request without an action is dispatched on its Body',
  description: 'A SOAP 1.2 request without the action parameter is served like one with it.',
  requirements: ['SKSML-BIND-16'],
  requests: [{ build: 'newKeyRequest', soap: '1.2', mutate: ['http:no-action'] }],
  expect: { outcome: 'accept', checks: ['response-http-200', 'response-signed-by-server', 'key-decrypts'] },
};
