/**
 * The only texts that go into a fault's Reason. They are fixed per error code so that nothing from
 * an exception message (paths, stack traces, key material, parser internals) reaches a peer.
 */
import { wssFaultName, WSS_FAULT_REASONS } from './wss-faults.ts';
import type { QName } from './qname.ts';
import type { SoapFaultCode } from './soap-error.ts';

/** Reason texts by project error code. */
export const FAULT_REASONS: Readonly<Record<string, string>> = Object.freeze({
  SOAP_VERSION_MISMATCH: 'The message is not a SOAP envelope of a supported version',
  SOAP_BINDING_VERSION_MISMATCH: 'The SOAP envelope version does not match the media type',
  SOAP_TEXT_NOT_ALLOWED: 'The SOAP envelope contains character data where none is allowed',
  SOAP_UNQUALIFIED_ATTRIBUTE: 'The SOAP envelope carries an attribute that is not namespace-qualified',
  SOAP_ENCODING_STYLE_NOT_ALLOWED: 'encodingStyle is not allowed on Envelope, Header or Body',
  SOAP_HEADER_AFTER_BODY: 'The SOAP Header must come before the Body',
  SOAP_DUPLICATE_HEADER: 'The SOAP envelope has more than one Header',
  SOAP_DUPLICATE_BODY: 'The SOAP envelope has more than one Body',
  SOAP_TRAILING_ELEMENT: 'The SOAP envelope has content after the Body',
  SOAP_UNEXPECTED_ELEMENT: 'The SOAP envelope has an element other than Header and Body',
  SOAP_MISSING_BODY: 'The SOAP envelope has no Body',
  SOAP_UNQUALIFIED_HEADER_BLOCK: 'A SOAP header block is not namespace-qualified',
  SOAP_EMPTY_BODY: 'The SOAP Body is empty',
  SOAP_MULTIPLE_BODY_CHILDREN: 'The SOAP Body must contain exactly one element',
  SOAP_UNQUALIFIED_PAYLOAD: 'The SOAP Body element is not namespace-qualified',
  SOAP_DATA_ENCODING_UNKNOWN: 'The encoding style of the Body is not supported',
  SOAP_INVALID_MUST_UNDERSTAND: 'A mustUnderstand attribute has an invalid value',
  SOAP_MUST_UNDERSTAND: 'One or more mandatory SOAP header blocks were not understood',
  SOAP_MALFORMED_FAULT: 'The SOAP fault is malformed',
  SOAP_BUILD_INVALID_INPUT: 'The server could not build the response',
  XML_MALFORMED: 'The message is not acceptable XML',
  HTTP_METHOD_NOT_ALLOWED: 'Only HTTP POST is supported',
  HTTP_UNSUPPORTED_MEDIA_TYPE: 'The media type of the request is not supported',
  HTTP_MALFORMED_CONTENT_TYPE: 'The Content-Type header is malformed',
  HTTP_UNSUPPORTED_CHARSET: 'The request must be encoded in UTF-8',
  HTTP_PAYLOAD_TOO_LARGE: 'The request is too large',
  HTTP_MISSING_SOAPACTION: 'A SOAP 1.1 request must carry a SOAPAction header',
  HTTP_MALFORMED_SOAPACTION: 'The SOAPAction header must be a single quoted URI',
  HTTP_MALFORMED_ACTION: 'The action parameter of the Content-Type is malformed',
  HTTP_UNKNOWN_ACTION: 'The action is not an SKSML request action',
  HTTP_ACTION_MISMATCH: 'The action does not match the message in the Body',
  HTTP_NOT_A_REQUEST: 'The Body does not contain an SKSML request',
  INTERNAL: 'The server could not process the request',
});

const GENERIC_REASONS: Readonly<Record<SoapFaultCode, string>> = Object.freeze({
  Sender: 'The message was rejected',
  Receiver: 'The server could not process the request',
  VersionMismatch: 'The message is not a SOAP envelope of a supported version',
  MustUnderstand: 'One or more mandatory SOAP header blocks were not understood',
  DataEncodingUnknown: 'The encoding style of the Body is not supported',
});

/**
 * The reason text for an error: by project code when the table has it, else by WSS subcode, else a
 * generic text for the fault code. Never derived from an exception message.
 */
export function reasonFor(code: string, faultCode: SoapFaultCode, subcode?: QName): string {
  if (Object.hasOwn(FAULT_REASONS, code)) return FAULT_REASONS[code] as string;
  const wss = subcode === undefined ? null : wssFaultName(subcode);
  if (wss !== null) return WSS_FAULT_REASONS[wss];
  return GENERIC_REASONS[faultCode];
}
