/** Checks of the response as a message: HTTP status and type, signature, schema and semantics. */
import { parseContentType } from '../../protocol/soap/content-type.ts';
import { SOAP11_MEDIA_TYPE, SOAP12_MEDIA_TYPE } from '../../protocol/soap/http-binding.ts';
import { validateDocument } from '../../protocol/validation/validate-document.ts';
import { validateMessageSemantics } from '../../protocol/validation/validate-semantics.ts';
import type { CheckDefinition } from './check.ts';

/** Requirements the XSD validation of a response covers (schema-enforced message rules). */
export const SCHEMA_CHECK_REQUIREMENTS = [
  'SKSML-MSG-1',
  'SKSML-MSG-8',
  'SKSML-MSG-9',
  'SKSML-MSG-11',
  'SKSML-MSG-12',
  'SKSML-MSG-13',
  'SKSML-MSG-15',
  'SKSML-MSG-16',
  'SKSML-MSG-17',
  'SKSML-MSG-18',
  'SKSML-MSG-19',
  'SKSML-MSG-24',
  'SKSML-MSG-25',
  'SKSML-MSG-27',
  'SKSML-MSG-28',
  'SKSML-MSG-29',
  'SKSML-MSG-32',
  'SKSML-MSG-33',
  'SKSML-MSG-118',
  'SKSML-SRV-48',
] as const;

/** Requirements the semantic rules (protocol/validation) report for a response; MUST level only. */
export const SEMANTIC_CHECK_REQUIREMENTS = [
  'SKSML-MSG-1',
  'SKSML-MSG-5',
  'SKSML-MSG-10',
  'SKSML-MSG-14',
  'SKSML-MSG-20',
  'SKSML-MSG-21',
  'SKSML-MSG-22',
  'SKSML-MSG-23',
  'SKSML-MSG-24',
  'SKSML-MSG-25',
  'SKSML-MSG-26',
  'SKSML-MSG-27',
  'SKSML-MSG-28',
  'SKSML-MSG-30',
  'SKSML-MSG-33',
  'SKSML-MSG-34',
  'SKSML-MSG-35',
  'SKSML-MSG-101',
  'SKSML-MSG-102',
  'SKSML-MSG-103',
  'SKSML-MSG-104',
  'SKSML-MSG-105',
  'SKSML-MSG-106',
  'SKSML-MSG-109',
  'SKSML-MSG-110',
  'SKSML-MSG-113',
  'SKSML-MSG-114',
  'SKSML-MSG-115',
  'SKSML-MSG-116',
] as const;

/** What verifying the response envelope with the client's verifier covers (SKSML-WSS-23). */
export const SIGNATURE_CHECK_REQUIREMENTS = [
  'SKSML-SRV-36',
  'SKSML-WSS-23',
  'SKSML-WSS-1',
  'SKSML-WSS-2',
  'SKSML-WSS-3',
  'SKSML-WSS-4',
  'SKSML-WSS-5',
  'SKSML-WSS-6',
  'SKSML-WSS-7',
  'SKSML-WSS-8',
  'SKSML-WSS-9',
  'SKSML-WSS-10',
  'SKSML-WSS-11',
  'SKSML-WSS-12',
  'SKSML-WSS-13',
  'SKSML-WSS-14',
  'SKSML-WSS-15',
  'SKSML-WSS-16',
  'SKSML-WSS-17',
  'SKSML-WSS-18',
  'SKSML-WSS-19',
  'SKSML-WSS-20',
  'SKSML-WSS-28',
  'SKSML-BIND-1',
  'SKSML-BIND-3',
  'SKSML-BIND-4',
  'SKSML-BIND-5',
  'SKSML-BIND-6',
  'SKSML-BIND-8',
] as const;

export const RESPONSE_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'response-http-200',
    description: 'HTTP 200 with the Content-Type of the request SOAP version and charset=utf-8',
    requirements: ['SKSML-BIND-20', 'SKSML-BIND-13'],
    run: ({ observation, facts }) => {
      const out = [];
      if (observation.status !== 200)
        out.push({ message: `HTTP status ${observation.status}, expected 200` });
      const type = parseContentType(observation.headers['content-type'] ?? '');
      const expected = facts.soapVersion === '1.2' ? SOAP12_MEDIA_TYPE : SOAP11_MEDIA_TYPE;
      if (type === null || type.essence !== expected)
        out.push({
          message: `Content-Type ${JSON.stringify(observation.headers['content-type'] ?? null)}, expected ${expected}`,
        });
      else if (type.parameters.get('charset')?.toLowerCase() !== 'utf-8')
        out.push({ message: 'Content-Type without charset=utf-8', requirements: ['SKSML-BIND-13'] });
      return out;
    },
  },
  {
    name: 'response-soap-version-matches',
    description: 'the response envelope has the SOAP version of the request',
    requirements: ['SKSML-BIND-2', 'SKSML-WSS-29'],
    run: ({ observation, facts }) =>
      observation.envelope !== null && observation.envelope.version !== facts.soapVersion
        ? [
            {
              message: `answered in SOAP ${observation.envelope.version} to a SOAP ${facts.soapVersion} request`,
            },
          ]
        : [],
  },
  {
    name: 'response-signed-by-server',
    description: 'the response verifies under the WS-Security profile against the configured trust anchors',
    requirements: SIGNATURE_CHECK_REQUIREMENTS,
    run: ({ observation }) => {
      if (observation.envelope === null)
        return [{ message: `response is not a SOAP envelope: ${observation.envelopeError ?? ''}` }];
      if (observation.fault !== null)
        return [{ message: 'response is a SOAP fault, not a signed SKSML response' }];
      const e = observation.signatureError;
      if (e === null) return [];
      return [
        {
          message: `response signature does not verify: ${e.code}: ${e.message}`,
          requirements: ['SKSML-SRV-36', 'SKSML-WSS-23', ...(e.requirement === null ? [] : [e.requirement])],
        },
      ];
    },
  },
  {
    name: 'response-schema-valid',
    description: 'the SKSML response in the Body is valid against the project schemas',
    requirements: SCHEMA_CHECK_REQUIREMENTS,
    run: async ({ observation, schemaValidator }) => {
      if (observation.envelope === null) return [{ message: 'no envelope to validate' }];
      const report = await validateDocument(observation.bodyText, [await schemaValidator()]);
      return report.findings
        .filter((f) => f.severity === 'error' && f.source !== 'semantic')
        .slice(0, 20)
        .map((f) => ({
          message: `${f.source} ${f.code}: ${f.message}${f.path === null ? '' : ` at ${f.path}`}`,
          ...(f.requirement === null ? {} : { requirements: [f.requirement] }),
        }));
    },
  },
  {
    name: 'response-semantics-valid',
    description: 'the SKSML response obeys the semantic rules of protocol/validation',
    requirements: SEMANTIC_CHECK_REQUIREMENTS,
    run: ({ observation }) => {
      if (observation.payload === null) return [{ message: 'no SKSML payload' }];
      return validateMessageSemantics(observation.payload)
        .filter((f) => f.severity === 'error')
        .slice(0, 20)
        .map((f) => ({ message: `${f.code}: ${f.message} at ${f.path}`, requirements: [f.requirement] }));
    },
  },
  {
    name: 'response-is-symkey-response',
    description: 'the Body holds a SymkeyResponse that parses into the typed model',
    requirements: ['SKSML-MSG-8', 'SKSML-BIND-1'],
    run: ({ observation }) => {
      if (observation.message !== 'SymkeyResponse')
        return [
          { message: `Body holds ${observation.message ?? 'no SKSML message'}, expected SymkeyResponse` },
        ];
      return observation.modelError === null
        ? []
        : [{ message: `SymkeyResponse does not parse: ${observation.modelError}` }];
    },
  },
];
