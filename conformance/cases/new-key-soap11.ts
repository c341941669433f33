import { NEW_KEY_CHECKS } from '../checks/registry.ts';
import type { ConformanceCase } from '../model/case.ts';

export const newKeySoap11: ConformanceCase = {
  id: 'new-key-soap11',
  title: 'New key over SOAP 1.1',
  description:
    'The same new-key exchange in a SOAP 1.1 envelope (text/xml with SOAPAction) is answered in SOAP 1.1.',
  requirements: ['SKSML-BIND-2', 'SKSML-WSS-29', 'SKSML-SRV-40'],
  profile: { requires: ['soap11'] },
  requests: [{ build: 'newKeyRequest', soap: '1.1' }],
  expect: { outcome: 'accept', checks: [...NEW_KEY_CHECKS, 'response-soap-version-matches'] },
};
