/**
 * The mapping from every failure of the server pipeline to the SOAP fault the peer receives
 * (spec/error-registry.md, "Faults"). One failure class, one fault code, one subcode, one fixed
 * reason: the error's message, cause and stack never reach the response. HTTP binding, intake and
 * envelope failures keep the mapping of spec/binding.md (protocol/soap/http-binding.ts);
 * WS-Security failures keep the WSS fault QName of spec/wss-profile.md.
 */
import { CertificateError, type CertificateErrorCode } from '../../protocol/pki/certificate-error.ts';
import { ModelError } from '../../protocol/model/model-error.ts';
import { buildFault } from '../../protocol/soap/build-fault.ts';
import { FAULT_REASONS } from '../../protocol/soap/fault-reasons.ts';
import {
  SoapBindingError,
  faultInputForError,
  faultVersionFor,
  httpStatusForError,
  httpStatusForFault,
  responseContentType,
  type HttpResponse,
} from '../../protocol/soap/http-binding.ts';
import { ENVELOPE_PREFIX, SOAP11_ENVELOPE_NS, type SoapVersion } from '../../protocol/soap/namespaces.ts';
import type { PrefixedQName } from '../../protocol/soap/qname.ts';
import { SoapError, type SoapFaultCode } from '../../protocol/soap/soap-error.ts';
import { WSS_FAULTS, WSS_FAULT_REASONS, type WssFaultName } from '../../protocol/soap/wss-faults.ts';
import { WssError } from '../../protocol/wss/wss-error.ts';
import { XmlIntakeError } from '../../protocol/xml/intake.ts';
import { SKSML_FAULTS, SKSML_FAULT_NS } from './fault-subcodes.ts';
import { ServerError, type ServerErrorCode } from './server-error.ts';

/** The failure classes of the pipeline, in processing order. */
export type FailureClass =
  | 'http-binding'
  | 'xml-intake'
  | 'soap-envelope'
  | 'wss'
  | 'certificate'
  | 'client-authentication'
  | 'schema'
  | 'semantic'
  | 'model'
  | 'limit'
  | 'busy'
  | 'timeout'
  | 'internal';

/** Fixed reason texts of the server's own failure classes (SKSML-BIND-22). */
export const SERVER_FAULT_REASONS = Object.freeze({
  schema: 'The request is not valid against the SKSML schema',
  semantic: 'The request violates an SKSML rule',
  model: 'The request is not a valid SKSML message',
  limit: 'The request has more items than the server accepts',
  busy: 'The server is busy; retry later',
  timeout: 'The server did not finish the request in time',
  internal: FAULT_REASONS.INTERNAL as string,
});

interface ServerFault {
  readonly failureClass: FailureClass;
  readonly faultCode: SoapFaultCode;
  readonly subcode?: PrefixedQName;
  readonly reason: string;
  /** HTTP status when HTTP defines one (overrides the fault code's). */
  readonly httpStatus?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

const FAILED_AUTHENTICATION: ServerFault = {
  failureClass: 'client-authentication',
  faultCode: 'Sender',
  subcode: WSS_FAULTS.FailedAuthentication,
  reason: WSS_FAULT_REASONS.FailedAuthentication,
};

const INTERNAL: ServerFault = {
  failureClass: 'internal',
  faultCode: 'Receiver',
  reason: SERVER_FAULT_REASONS.internal,
};

/** The fault of each ServerError code. */
export const SERVER_ERROR_FAULTS: Readonly<Record<ServerErrorCode, ServerFault>> = Object.freeze({
  // SKSML-SRV-103: unknown and deactivated clients get the fault of an untrusted certificate.
  SRV_UNKNOWN_CLIENT: FAILED_AUTHENTICATION,
  SRV_CLIENT_DEACTIVATED: FAILED_AUTHENTICATION,
  // SKSML-SRV-104
  SRV_SCHEMA_INVALID: {
    failureClass: 'schema',
    faultCode: 'Sender',
    subcode: SKSML_FAULTS.InvalidRequest,
    reason: SERVER_FAULT_REASONS.schema,
  },
  SRV_SEMANTIC_INVALID: {
    failureClass: 'semantic',
    faultCode: 'Sender',
    subcode: SKSML_FAULTS.InvalidRequest,
    reason: SERVER_FAULT_REASONS.semantic,
  },
  // SKSML-SRV-113
  SRV_TOO_MANY_ITEMS: {
    failureClass: 'limit',
    faultCode: 'Sender',
    subcode: SKSML_FAULTS.TooManyItems,
    reason: SERVER_FAULT_REASONS.limit,
  },
  SRV_BUSY: {
    failureClass: 'busy',
    faultCode: 'Receiver',
    subcode: SKSML_FAULTS.ServerBusy,
    reason: SERVER_FAULT_REASONS.busy,
    httpStatus: 503,
    headers: { 'retry-after': '1' },
  },
  SRV_TIMEOUT: {
    failureClass: 'timeout',
    faultCode: 'Receiver',
    subcode: SKSML_FAULTS.Timeout,
    reason: SERVER_FAULT_REASONS.timeout,
  },
  // SKSML-SRV-112: a KeyCachePolicyResponse cannot carry an error.
  SRV_NO_CACHE_POLICY: INTERNAL,
});

/** The WSS fault of each certificate failure (the same split as spec/wss-profile.md §4). */
export const CERTIFICATE_FAULTS: Readonly<Record<CertificateErrorCode, WssFaultName>> = Object.freeze({
  CERT_UNTRUSTED: 'FailedAuthentication',
  CERT_EXPIRED: 'FailedAuthentication',
  CERT_NOT_YET_VALID: 'FailedAuthentication',
  CERT_KEY_USAGE: 'FailedAuthentication',
  CERT_KEY_TYPE: 'InvalidSecurityToken',
  CERT_WEAK_KEY: 'InvalidSecurityToken',
  CERT_MALFORMED: 'InvalidSecurityToken',
});

/** What the server answers for one failure: the HTTP response plus what to log and audit. */
export interface FaultResponse extends HttpResponse {
  readonly version: SoapVersion;
  readonly failureClass: FailureClass;
  readonly faultCode: SoapFaultCode;
  readonly subcode: PrefixedQName | undefined;
  readonly reason: string;
  /**
   * The error's stable project code for the server log and audit entry (`INTERNAL` for anything
   * that is not an SksmlError). Never sent to the peer.
   */
  readonly logCode: string;
}

function wssFault(name: WssFaultName, failureClass: FailureClass): ServerFault {
  return { failureClass, faultCode: 'Sender', subcode: WSS_FAULTS[name], reason: WSS_FAULT_REASONS[name] };
}

function isOwnCode<T extends string>(table: Readonly<Record<T, unknown>>, code: string): code is T {
  return Object.hasOwn(table, code);
}

/** The server's fault for errors the SOAP binding does not know; null for binding-layer errors. */
function serverFaultFor(error: unknown): ServerFault | null {
  if (error instanceof SoapError || error instanceof XmlIntakeError) return null;
  if (error instanceof WssError) return wssFault(error.faultName, 'wss'); // SKSML-BIND-23, SKSML-WSS-24
  if (error instanceof CertificateError)
    return isOwnCode(CERTIFICATE_FAULTS, error.code)
      ? wssFault(CERTIFICATE_FAULTS[error.code], 'certificate')
      : INTERNAL;
  if (error instanceof ServerError)
    return isOwnCode(SERVER_ERROR_FAULTS, error.code) ? SERVER_ERROR_FAULTS[error.code] : INTERNAL;
  // SKSML-SRV-104: a message the model cannot read is an invalid request.
  if (error instanceof ModelError)
    return {
      failureClass: 'model',
      faultCode: 'Sender',
      subcode: SKSML_FAULTS.InvalidRequest,
      reason: SERVER_FAULT_REASONS.model,
    };
  return INTERNAL; // SKSML-SRV-112: store, HSM, key provider, programming errors
}

function bindingClass(error: SoapError | XmlIntakeError): FailureClass {
  if (error instanceof XmlIntakeError) return 'xml-intake';
  if (error instanceof SoapBindingError || error.code.startsWith('HTTP_')) return 'http-binding';
  return 'soap-envelope';
}

function logCodeOf(error: unknown): string {
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^[A-Z][A-Z0-9_-]{0,63}$/.test(error.code)
  )
    return error.code;
  return 'INTERNAL';
}

/**
 * The complete fault response for `error`. `version` is the SOAP version of the request when it
 * is known (faults found before it is known are written in SOAP 1.2, SKSML-BIND-21).
 */
// SKSML-SRV-105, SKSML-BIND-22: only fixed texts; the error's message, cause and stack are never read.
export function toFault(error: unknown, version?: SoapVersion | null): FaultResponse {
  const own = serverFaultFor(error);
  const logCode = logCodeOf(error);
  if (own === null) {
    const binding = error as SoapError | XmlIntakeError;
    const v = faultVersionFor(error, version);
    const input = faultInputForError(error, v);
    const response = httpResponseOf(error, v, input);
    return {
      ...response,
      version: v,
      failureClass: bindingClass(binding),
      faultCode: input.code,
      subcode:
        input.subcode === undefined ? undefined : { prefix: input.subcode.prefix ?? 'sc', ...input.subcode },
      reason: input.reason,
      logCode,
    };
  }
  const v = version ?? '1.2';
  const status = own.httpStatus ?? httpStatusForFault(v, own.faultCode);
  const written = own.subcode === undefined ? undefined : subcodeAsWritten(own.faultCode, own.subcode, v);
  const body = buildFault({
    version: v,
    code: own.faultCode,
    ...(written !== undefined ? { subcode: written } : {}),
    reason: own.reason,
  });
  return {
    status,
    headers: { 'content-type': responseContentType(v), ...own.headers },
    body,
    version: v,
    failureClass: own.failureClass,
    faultCode: own.faultCode,
    subcode: own.subcode,
    reason: own.reason,
    logCode,
  };
}

/**
 * The subcode as the fault carries it. SOAP 1.2: as is (env:Subcode). SOAP 1.1: WSS QNames become
 * the faultcode (WSS 1.0 §12); project subcodes use the dot notation of SOAP 1.1 §4.4.1
 * (`soap:Client.InvalidRequest`), because a faultcode in a foreign namespace would lose whether the
 * sender or the server is at fault.
 */
function subcodeAsWritten(code: SoapFaultCode, subcode: PrefixedQName, v: SoapVersion): PrefixedQName {
  if (v === '1.2' || subcode.namespace !== SKSML_FAULT_NS) return subcode;
  const base = code === 'Sender' ? 'Client' : 'Server';
  return {
    namespace: SOAP11_ENVELOPE_NS,
    localName: `${base}.${subcode.localName}`,
    prefix: ENVELOPE_PREFIX['1.1'],
  };
}

function httpResponseOf(
  error: unknown,
  v: SoapVersion,
  input: ReturnType<typeof faultInputForError>,
): HttpResponse {
  const headers: Record<string, string> = { 'content-type': responseContentType(v) };
  if (error instanceof SoapBindingError && error.allow !== null) headers.allow = error.allow;
  return { status: httpStatusForError(error, v), headers, body: buildFault(input) };
}
