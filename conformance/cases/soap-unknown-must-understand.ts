import type { ConformanceCase } from '../model/case.ts';

export const soapUnknownMustUnderstand: ConformanceCase = {
  id: 'soap-unknown-must-understand',
  title: 'Unknown mandatory header refused',
  description:
    'A header block the target cannot understand, marked mustUnderstand, gets a MustUnderstand fault.',
  requirements: ['SKSML-BIND-9'],
  requests: [{ build: 'newKeyRequest', mutate: ['envelope:unknown-must-understand-header'] }],
  expect: { outcome: 'reject', phase: 'binding', fault: { code: 'MustUnderstand' } },
};
