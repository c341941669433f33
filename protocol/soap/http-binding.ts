/**
 * The HTTP binding as pure functions (no server): deciding the SOAP version and SKSML action of a
 * request from its method and headers, checking the parsed envelope against that decision, and
 * turning results and errors into status, headers and body. Rules: spec/binding.md.
 */
import { DEFAULT_INTAKE_LIMITS, XmlIntakeError } from '../xml/intake.ts';
import { isRequestMessage, messageForAction, messageOfPayload, SKSML_ACTIONS } from './actions.ts';
import type { SksmlMessageName } from './actions.ts';
import { buildFault } from './build-fault.ts';
import type { BuildFaultInput } from './build-fault.ts';
import { parseContentType, parseQuotedString } from './content-type.ts';
import type { SoapEnvelope } from './envelope.ts';
import { reasonFor } from './fault-reasons.ts';
import type { SoapVersion } from './namespaces.ts';
import { SoapError } from './soap-error.ts';
import type { SoapErrorOptions, SoapFaultCode } from './soap-error.ts';

/** Path of the SKS endpoint on the reference server (SKSML-BIND-11). */
export const SKS_ENDPOINT_PATH = '/sks';
export const SOAP12_MEDIA_TYPE = 'application/soap+xml';
export const SOAP11_MEDIA_TYPE = 'text/xml';

/** The request line and headers the binding looks at. Header values as received (undefined/null = absent). */
export interface HttpRequestHead {
  readonly method: string;
  readonly contentType?: string | null;
  /** The SOAPAction header; an array when the header was repeated. */
  readonly soapAction?: string | readonly string[] | null;
  /** The Content-Length header as a number, when the request had one. */
  readonly contentLength?: number | null;
}

export interface HttpBindingOptions {
  /** Largest request body accepted, in bytes; default: the intake limit (DEFAULT_INTAKE_LIMITS.maxBytes). */
  readonly maxBytes?: number;
}

/** What the HTTP layer decided about a request before its body is parsed. */
export interface HttpRequestBinding {
  readonly version: SoapVersion;
  /** The action the client announced, or null when it announced none (SOAP 1.2 without action, SOAPAction ""). */
  readonly action: string | null;
  /** The SKSML message that action names, or null when no action was announced. */
  readonly message: SksmlMessageName | null;
}

export interface SoapBindingErrorOptions extends SoapErrorOptions {
  /** HTTP status that overrides the one derived from the fault code (405, 413, 415). */
  readonly httpStatus?: number;
  /** SOAP version to answer in, when the binding already knows it. */
  readonly faultVersion?: SoapVersion;
  /** Value of the Allow header (405). */
  readonly allow?: string;
}

/** A binding failure: a SOAP fault plus, where HTTP defines one, its own status code. */
export class SoapBindingError extends SoapError {
  readonly httpStatus: number | null;
  readonly faultVersion: SoapVersion | null;
  readonly allow: string | null;

  constructor(
    code: string,
    faultCode: SoapFaultCode,
    message: string,
    options: SoapBindingErrorOptions = {},
  ) {
    super(code, faultCode, message, options);
    this.httpStatus = options.httpStatus ?? null;
    this.faultVersion = options.faultVersion ?? null;
    this.allow = options.allow ?? null;
  }
}

function isUtf8(charset: string | undefined): boolean {
  return charset === undefined || charset.toLowerCase() === 'utf-8';
}

function actionBinding(version: SoapVersion, action: string | null): HttpRequestBinding {
  if (action === null) return { version, action, message: null };
  const message = messageForAction(action);
  if (message === null || !isRequestMessage(message)) {
    // SKSML-BIND-16
    throw new SoapBindingError('HTTP_UNKNOWN_ACTION', 'Sender', 'action is not an SKSML request action', {
      faultVersion: version,
      requirement: 'SKSML-BIND-16',
    });
  }
  return { version, action, message };
}

/**
 * Decides the SOAP version and announced action of a request. Throws SoapBindingError:
 * 405 for a method other than POST, 415 for a missing, malformed or unsupported media type or a
 * charset other than UTF-8, 413 when Content-Length exceeds the limit, and a Sender fault for a bad
 * SOAPAction or action.
 */
export function decideHttpRequest(
  head: HttpRequestHead,
  options: HttpBindingOptions = {},
): HttpRequestBinding {
  if (head.method !== 'POST') {
    // SKSML-BIND-10
    throw new SoapBindingError('HTTP_METHOD_NOT_ALLOWED', 'Sender', 'method not allowed', {
      httpStatus: 405,
      allow: 'POST',
      requirement: 'SKSML-BIND-10',
    });
  }
  const mediaType = head.contentType == null ? null : parseContentType(head.contentType);
  if (mediaType === null) {
    // SKSML-BIND-12
    throw new SoapBindingError(
      head.contentType == null ? 'HTTP_UNSUPPORTED_MEDIA_TYPE' : 'HTTP_MALFORMED_CONTENT_TYPE',
      'Sender',
      'missing or malformed Content-Type',
      { httpStatus: 415, requirement: 'SKSML-BIND-12' },
    );
  }
  let version: SoapVersion;
  if (mediaType.essence === SOAP12_MEDIA_TYPE) version = '1.2';
  else if (mediaType.essence === SOAP11_MEDIA_TYPE) version = '1.1';
  else {
    // SKSML-BIND-12
    throw new SoapBindingError(
      'HTTP_UNSUPPORTED_MEDIA_TYPE',
      'Sender',
      `unsupported media type ${mediaType.essence}`,
      {
        httpStatus: 415,
        requirement: 'SKSML-BIND-12',
      },
    );
  }
  if (!isUtf8(mediaType.parameters.get('charset'))) {
    // SKSML-BIND-13
    throw new SoapBindingError('HTTP_UNSUPPORTED_CHARSET', 'Sender', 'charset other than utf-8', {
      httpStatus: 415,
      faultVersion: version,
      requirement: 'SKSML-BIND-13',
    });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_INTAKE_LIMITS.maxBytes;
  if (head.contentLength != null && head.contentLength > maxBytes) {
    // SKSML-BIND-24
    throw new SoapBindingError('HTTP_PAYLOAD_TOO_LARGE', 'Sender', 'request body over the size limit', {
      httpStatus: 413,
      faultVersion: version,
      requirement: 'SKSML-BIND-24',
    });
  }

  if (version === '1.2') {
    // SOAP 1.2: the action travels as a media-type parameter; a SOAPAction header is ignored.
    const action = mediaType.parameters.get('action');
    if (action === '') {
      throw new SoapBindingError('HTTP_MALFORMED_ACTION', 'Sender', 'empty action parameter', {
        faultVersion: version,
        requirement: 'SKSML-BIND-14',
      });
    }
    return actionBinding(version, action ?? null);
  }

  // SOAP 1.1: exactly one SOAPAction header holding a quoted string (WS-I BP R1109; SKSML-BIND-17).
  const header = head.soapAction;
  if (header == null || (Array.isArray(header) && header.length === 0)) {
    throw new SoapBindingError('HTTP_MISSING_SOAPACTION', 'Sender', 'SOAP 1.1 request without SOAPAction', {
      faultVersion: version,
      requirement: 'SKSML-BIND-17',
    });
  }
  const values: readonly string[] = typeof header === 'string' ? [header] : header;
  const unquoted = values.length === 1 ? parseQuotedString(values[0] as string) : null;
  if (unquoted === null) {
    throw new SoapBindingError('HTTP_MALFORMED_SOAPACTION', 'Sender', 'SOAPAction is not one quoted string', {
      faultVersion: version,
      requirement: 'SKSML-BIND-17',
    });
  }
  return actionBinding(version, unquoted === '' ? null : unquoted);
}

/**
 * Checks a parsed envelope against the HTTP decision: same SOAP version (else VersionMismatch,
 * answered in the media type's version), a Body that holds an SKSML request, and an announced
 * action that names that request. Returns the request's message name.
 */
export function checkEnvelopeBinding(binding: HttpRequestBinding, envelope: SoapEnvelope): SksmlMessageName {
  if (envelope.version !== binding.version) {
    // SKSML-BIND-18
    throw new SoapBindingError(
      'SOAP_BINDING_VERSION_MISMATCH',
      'VersionMismatch',
      'envelope/media type mismatch',
      {
        faultVersion: binding.version,
        requirement: 'SKSML-BIND-18',
      },
    );
  }
  const message = messageOfPayload(envelope.payload);
  if (message === null || !isRequestMessage(message)) {
    // SKSML-BIND-19
    throw new SoapBindingError('HTTP_NOT_A_REQUEST', 'Sender', 'Body does not hold an SKSML request', {
      faultVersion: binding.version,
      requirement: 'SKSML-BIND-19',
    });
  }
  if (binding.action !== null && binding.action !== SKSML_ACTIONS[message]) {
    // SKSML-BIND-16
    throw new SoapBindingError('HTTP_ACTION_MISMATCH', 'Sender', 'action does not match the Body', {
      faultVersion: binding.version,
      requirement: 'SKSML-BIND-16',
    });
  }
  return message;
}

/** Content-Type of a response (or fault) in `version` (SKSML-BIND-20). */
export function responseContentType(version: SoapVersion): string {
  return `${version === '1.2' ? SOAP12_MEDIA_TYPE : SOAP11_MEDIA_TYPE}; charset=utf-8`;
}

/**
 * HTTP status of a fault (SKSML-BIND-21): SOAP 1.2 Part 2 §7.5.2 gives 400 for env:Sender and 500
 * for every other code; SOAP 1.1 (WS-I BP R1126) uses 500 for every fault.
 */
export function httpStatusForFault(version: SoapVersion, code: SoapFaultCode): number {
  return version === '1.2' && code === 'Sender' ? 400 : 500;
}

const TOO_LARGE_INTAKE_CODES = new Set(['XML_LIMIT_BYTES', 'XML_TOO_LARGE']);

/**
 * The fault to answer `error` with. SoapError: its own code, subcode and fixed reason; XML intake
 * errors: a Sender fault; anything else: a Receiver fault with a generic reason. The error's message
 * is never used.
 */
export function faultInputForError(error: unknown, version: SoapVersion): BuildFaultInput {
  if (error instanceof SoapError) {
    return {
      version,
      code: error.faultCode,
      subcode: error.subcode,
      reason: reasonFor(error.code, error.faultCode, error.subcode), // SKSML-BIND-22
      notUnderstood: error.notUnderstood,
    };
  }
  if (error instanceof XmlIntakeError) {
    // SKSML-BIND-25: DTDs, entities, processing instructions and other intake failures are Sender faults.
    const code = TOO_LARGE_INTAKE_CODES.has(error.code) ? 'HTTP_PAYLOAD_TOO_LARGE' : 'XML_MALFORMED';
    return { version, code: 'Sender', reason: reasonFor(code, 'Sender') };
  }
  return { version, code: 'Receiver', reason: reasonFor('INTERNAL', 'Receiver') };
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The version a fault for `error` is written in: the binding's when known, else `version`, else 1.2. */
export function faultVersionFor(error: unknown, version?: SoapVersion | null): SoapVersion {
  if (error instanceof SoapBindingError && error.faultVersion !== null) return error.faultVersion;
  return version ?? '1.2';
}

/** The HTTP status for `error` answered as a fault in `version`. */
export function httpStatusForError(error: unknown, version: SoapVersion): number {
  if (error instanceof SoapBindingError && error.httpStatus !== null) return error.httpStatus;
  if (error instanceof XmlIntakeError && TOO_LARGE_INTAKE_CODES.has(error.code)) return 413; // SKSML-BIND-24
  return httpStatusForFault(version, faultInputForError(error, version).code);
}

/**
 * The complete HTTP response for `error` (status, headers, fault body). `version` is the SOAP version
 * of the request when known; errors found before the version is known are answered in SOAP 1.2.
 */
export function buildFaultResponse(error: unknown, version?: SoapVersion | null): HttpResponse {
  const v = faultVersionFor(error, version);
  const headers: Record<string, string> = { 'content-type': responseContentType(v) };
  if (error instanceof SoapBindingError && error.allow !== null) headers.allow = error.allow;
  return { status: httpStatusForError(error, v), headers, body: buildFault(faultInputForError(error, v)) };
}

/** The HTTP response for an SKSML response envelope (SymkeyError included): 200 (SKSML-BIND-20). */
export function buildSksmlResponse(version: SoapVersion, envelope: string): HttpResponse {
  return { status: 200, headers: { 'content-type': responseContentType(version) }, body: envelope };
}
