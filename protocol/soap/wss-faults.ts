/**
 * The fault codes of WSS SOAP Message Security 1.0 (§12), as QNames in the wsse namespace.
 * SOAP 1.2 carries them as env:Subcode under env:Sender; SOAP 1.1 uses them as the faultcode.
 */
import { WSSE_NS } from './namespaces.ts';
import type { PrefixedQName } from './qname.ts';

export type WssFaultName =
  | 'UnsupportedSecurityToken'
  | 'UnsupportedAlgorithm'
  | 'InvalidSecurity'
  | 'InvalidSecurityToken'
  | 'FailedAuthentication'
  | 'FailedCheck'
  | 'SecurityTokenUnavailable'
  | 'MessageExpired';

function wsseFault(localName: WssFaultName): PrefixedQName {
  return Object.freeze({ namespace: WSSE_NS, localName, prefix: 'wsse' });
}

export const WSSE_UNSUPPORTED_SECURITY_TOKEN = wsseFault('UnsupportedSecurityToken');
export const WSSE_UNSUPPORTED_ALGORITHM = wsseFault('UnsupportedAlgorithm');
export const WSSE_INVALID_SECURITY = wsseFault('InvalidSecurity');
export const WSSE_INVALID_SECURITY_TOKEN = wsseFault('InvalidSecurityToken');
export const WSSE_FAILED_AUTHENTICATION = wsseFault('FailedAuthentication');
export const WSSE_FAILED_CHECK = wsseFault('FailedCheck');
export const WSSE_SECURITY_TOKEN_UNAVAILABLE = wsseFault('SecurityTokenUnavailable');
export const WSSE_MESSAGE_EXPIRED = wsseFault('MessageExpired');

/** Every WSS fault QName, keyed by local name. */
export const WSS_FAULTS: Readonly<Record<WssFaultName, PrefixedQName>> = Object.freeze({
  UnsupportedSecurityToken: WSSE_UNSUPPORTED_SECURITY_TOKEN,
  UnsupportedAlgorithm: WSSE_UNSUPPORTED_ALGORITHM,
  InvalidSecurity: WSSE_INVALID_SECURITY,
  InvalidSecurityToken: WSSE_INVALID_SECURITY_TOKEN,
  FailedAuthentication: WSSE_FAILED_AUTHENTICATION,
  FailedCheck: WSSE_FAILED_CHECK,
  SecurityTokenUnavailable: WSSE_SECURITY_TOKEN_UNAVAILABLE,
  MessageExpired: WSSE_MESSAGE_EXPIRED,
});

/** Fixed reason texts for the WSS faults (the fault strings WSS 1.0/1.1 give for each code). */
export const WSS_FAULT_REASONS: Readonly<Record<WssFaultName, string>> = Object.freeze({
  UnsupportedSecurityToken: 'An unsupported token was provided',
  UnsupportedAlgorithm: 'An unsupported signature or encryption algorithm was used',
  InvalidSecurity: 'An error was discovered processing the <wsse:Security> header',
  InvalidSecurityToken: 'An invalid security token was provided',
  FailedAuthentication: 'The security token could not be authenticated or authorized',
  FailedCheck: 'The signature or decryption was invalid',
  SecurityTokenUnavailable: 'Referenced security token could not be retrieved',
  MessageExpired: 'The message has expired',
});

/** The WSS fault name of `name` when it is one of the WSS fault QNames, else null. */
export function wssFaultName(name: { namespace: string; localName: string }): WssFaultName | null {
  if (name.namespace !== WSSE_NS) return null;
  return Object.hasOwn(WSS_FAULTS, name.localName) ? (name.localName as WssFaultName) : null;
}
