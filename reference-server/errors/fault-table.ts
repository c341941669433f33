/**
 * The fault mapping as a table (spec/error-registry.md "Faults", spec/error-registry.json
 * "faults"). toFault implements it; fault-mapping.test.ts checks every row against toFault.
 */
import type { FailureClass } from './fault-mapping.ts';

export interface FaultTableRow {
  readonly failure: string;
  readonly failureClass: FailureClass;
  /** Project error codes of the class (a trailing `*` stands for a family). */
  readonly codes: readonly string[];
  /** SOAP 1.2 env:Code/env:Value and env:Subcode (QName text, or null). */
  readonly soap12: { readonly code: string; readonly subcode: string | null };
  /** SOAP 1.1 faultcode. */
  readonly soap11: string;
  /** HTTP status for SOAP 1.2 and SOAP 1.1. */
  readonly http: { readonly soap12: string; readonly soap11: string };
  readonly reason: string;
  readonly requirements: readonly string[];
}

const BINDING_REASONS = 'fixed per code (protocol/soap/fault-reasons.ts; spec/binding.md)';
const WSS_REASON = 'fixed per WSS fault (protocol/soap/wss-faults.ts)';

export const FAULT_TABLE: readonly FaultTableRow[] = [
  {
    failure: 'HTTP method, media type, charset, size, SOAPAction or action refused',
    failureClass: 'http-binding',
    codes: ['HTTP_*'],
    soap12: { code: 'env:Sender', subcode: null },
    soap11: 'soap:Client',
    http: {
      soap12: '400, or 405 / 413 / 415 where HTTP defines the status',
      soap11: '500, or 405 / 413 / 415',
    },
    reason: BINDING_REASONS,
    requirements: [
      'SKSML-BIND-10',
      'SKSML-BIND-12',
      'SKSML-BIND-13',
      'SKSML-BIND-16',
      'SKSML-BIND-17',
      'SKSML-BIND-24',
    ],
  },
  {
    failure: 'XML intake: not well-formed, DTD, entity, processing instruction, over a limit',
    failureClass: 'xml-intake',
    codes: ['XML_*'],
    soap12: { code: 'env:Sender', subcode: null },
    soap11: 'soap:Client',
    http: { soap12: '400 (413 for XML_LIMIT_BYTES)', soap11: '500 (413 for XML_LIMIT_BYTES)' },
    reason: BINDING_REASONS,
    requirements: ['SKSML-BIND-25', 'SKSML-BIND-24'],
  },
  {
    failure: 'SOAP envelope structure, version or mustUnderstand',
    failureClass: 'soap-envelope',
    codes: ['SOAP_*'],
    soap12: {
      code: 'env:Sender, env:VersionMismatch, env:MustUnderstand or env:DataEncodingUnknown (spec/binding.md)',
      subcode: null,
    },
    soap11: 'soap:Client, soap:VersionMismatch or soap:MustUnderstand',
    http: { soap12: '400 for Sender, else 500', soap11: '500' },
    reason: BINDING_REASONS,
    requirements: ['SKSML-BIND-3', 'SKSML-BIND-7', 'SKSML-BIND-9', 'SKSML-BIND-18'],
  },
  {
    failure: 'WS-Security verification (structure, algorithms, token, chain, signature, freshness, replay)',
    failureClass: 'wss',
    codes: ['WSS_*'],
    soap12: { code: 'env:Sender', subcode: 'wsse:<the WssError fault> (spec/wss-profile.md §4)' },
    soap11: 'wsse:<the WssError fault>',
    http: { soap12: '400', soap11: '500' },
    reason: WSS_REASON,
    requirements: ['SKSML-BIND-23', 'SKSML-WSS-24'],
  },
  {
    failure:
      'Certificate refused outside the WS-Security verifier: untrusted, expired, not yet valid, key usage',
    failureClass: 'certificate',
    codes: ['CERT_UNTRUSTED', 'CERT_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_KEY_USAGE'],
    soap12: { code: 'env:Sender', subcode: 'wsse:FailedAuthentication' },
    soap11: 'wsse:FailedAuthentication',
    http: { soap12: '400', soap11: '500' },
    reason: WSS_REASON,
    requirements: ['SKSML-WSS-7', 'SKSML-BIND-23'],
  },
  {
    failure: 'Certificate refused outside the WS-Security verifier: key type, weak key, malformed',
    failureClass: 'certificate',
    codes: ['CERT_KEY_TYPE', 'CERT_WEAK_KEY', 'CERT_MALFORMED'],
    soap12: { code: 'env:Sender', subcode: 'wsse:InvalidSecurityToken' },
    soap11: 'wsse:InvalidSecurityToken',
    http: { soap12: '400', soap11: '500' },
    reason: WSS_REASON,
    requirements: ['SKSML-WSS-7', 'SKSML-BIND-23'],
  },
  {
    failure: 'Signing certificate not registered as a client, or the client is deactivated',
    failureClass: 'client-authentication',
    codes: ['SRV_UNKNOWN_CLIENT', 'SRV_CLIENT_DEACTIVATED'],
    soap12: { code: 'env:Sender', subcode: 'wsse:FailedAuthentication' },
    soap11: 'wsse:FailedAuthentication',
    http: { soap12: '400', soap11: '500' },
    reason: 'The security token could not be authenticated or authorized',
    requirements: ['SKSML-SRV-103', 'SKSML-SRV-37'],
  },
  {
    failure: 'SKSML message not valid against the project schema',
    failureClass: 'schema',
    codes: ['SRV_SCHEMA_INVALID'],
    soap12: { code: 'env:Sender', subcode: 'sksml:InvalidRequest' },
    soap11: 'soap:Client.InvalidRequest',
    http: { soap12: '400', soap11: '500' },
    reason: 'The request is not valid against the SKSML schema',
    requirements: ['SKSML-SRV-104'],
  },
  {
    failure: 'SKSML message with an error-level semantic finding',
    failureClass: 'semantic',
    codes: ['SRV_SEMANTIC_INVALID'],
    soap12: { code: 'env:Sender', subcode: 'sksml:InvalidRequest' },
    soap11: 'soap:Client.InvalidRequest',
    http: { soap12: '400', soap11: '500' },
    reason: 'The request violates an SKSML rule',
    requirements: ['SKSML-SRV-104'],
  },
  {
    failure: 'SKSML message the model cannot read',
    failureClass: 'model',
    codes: ['MODEL_*'],
    soap12: { code: 'env:Sender', subcode: 'sksml:InvalidRequest' },
    soap11: 'soap:Client.InvalidRequest',
    http: { soap12: '400', soap11: '500' },
    reason: 'The request is not a valid SKSML message',
    requirements: ['SKSML-SRV-104'],
  },
  {
    failure: 'More items in a SymkeyRequest than limits.maxItemsPerRequest',
    failureClass: 'limit',
    codes: ['SRV_TOO_MANY_ITEMS'],
    soap12: { code: 'env:Sender', subcode: 'sksml:TooManyItems' },
    soap11: 'soap:Client.TooManyItems',
    http: { soap12: '400', soap11: '500' },
    reason: 'The request has more items than the server accepts',
    requirements: ['SKSML-SRV-113'],
  },
  {
    failure: 'limits.maxConcurrent requests already in progress',
    failureClass: 'busy',
    codes: ['SRV_BUSY'],
    soap12: { code: 'env:Receiver', subcode: 'sksml:ServerBusy' },
    soap11: 'soap:Server.ServerBusy',
    http: { soap12: '503 with Retry-After: 1', soap11: '503 with Retry-After: 1' },
    reason: 'The server is busy; retry later',
    requirements: ['SKSML-SRV-113'],
  },
  {
    failure: 'Processing longer than limits.requestTimeoutMs',
    failureClass: 'timeout',
    codes: ['SRV_TIMEOUT'],
    soap12: { code: 'env:Receiver', subcode: 'sksml:Timeout' },
    soap11: 'soap:Server.Timeout',
    http: { soap12: '500', soap11: '500' },
    reason: 'The server did not finish the request in time',
    requirements: ['SKSML-SRV-113'],
  },
  {
    failure:
      'Internal failure of the whole request: no KeyCachePolicy to return, store or integrity alarm, HSM or key provider, any unexpected exception',
    failureClass: 'internal',
    codes: ['SRV_NO_CACHE_POLICY', 'STORE_*', 'HSM_*', 'KEYTRANSPORT_*', 'any other'],
    soap12: { code: 'env:Receiver', subcode: null },
    soap11: 'soap:Server',
    http: { soap12: '500', soap11: '500' },
    reason: 'The server could not process the request',
    requirements: ['SKSML-SRV-112', 'SKSML-BIND-21'],
  },
];
