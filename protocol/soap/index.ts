/** Public API of the SOAP layer: envelopes, header blocks, faults and the HTTP binding. */
export {
  SKSML_ACTIONS,
  SKSML_MESSAGES,
  SKSML_REQUEST_MESSAGES,
  isRequestMessage,
  messageForAction,
  messageOfPayload,
} from './actions.ts';
export type { SksmlMessageName } from './actions.ts';
export {
  WSSE_PREFIX,
  WSU_PREFIX,
  buildBody,
  buildEnvelope,
  envelopeNamespaces,
  envelopeStartTag,
  mustUnderstandAttribute,
} from './build-envelope.ts';
export type { BuildBodyInput, BuildEnvelopeInput } from './build-envelope.ts';
export { buildFault, buildFaultElement, buildFaultHeaderBlocks } from './build-fault.ts';
export type { BuildFaultInput, FaultSubcode } from './build-fault.ts';
export { isToken, parseContentType, parseQuotedString } from './content-type.ts';
export type { MediaType } from './content-type.ts';
export { isFaultEnvelope, parseEnvelope } from './envelope.ts';
export type { ParseEnvelopeOptions, SoapEnvelope } from './envelope.ts';
export { FAULT_REASONS, reasonFor } from './fault-reasons.ts';
export {
  checkMustUnderstand,
  findHeaderBlocks,
  findNotUnderstood,
  isTargetedAtUs,
  readMustUnderstand,
  readTargetRole,
} from './header-blocks.ts';
export type { FindHeaderBlocksOptions, HeaderBlockSource, HeaderTargetOptions } from './header-blocks.ts';
export {
  SKS_ENDPOINT_PATH,
  SOAP11_MEDIA_TYPE,
  SOAP12_MEDIA_TYPE,
  SoapBindingError,
  buildFaultResponse,
  buildSksmlResponse,
  checkEnvelopeBinding,
  decideHttpRequest,
  faultInputForError,
  faultVersionFor,
  httpStatusForError,
  httpStatusForFault,
  responseContentType,
} from './http-binding.ts';
export type {
  HttpBindingOptions,
  HttpRequestBinding,
  HttpRequestHead,
  HttpResponse,
  SoapBindingErrorOptions,
} from './http-binding.ts';
export * from './namespaces.ts';
export { parseFault } from './parse-fault.ts';
export type { SoapFault } from './parse-fault.ts';
export {
  ROOT_SCOPE,
  elementHasName,
  extendScope,
  formatQName,
  isNcName,
  resolveQName,
  sameQName,
  scopeAlong,
} from './qname.ts';
export type { NamespaceScope, PrefixedQName, QName } from './qname.ts';
export { SOAP_FAULT_CODES, SoapError } from './soap-error.ts';
export type { SoapErrorOptions, SoapFaultCode } from './soap-error.ts';
export * from './wss-faults.ts';
export * from './sksml-faults.ts';
