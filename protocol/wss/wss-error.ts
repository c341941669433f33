/**
 * The one error type of WS-Security processing. Its `code` is detailed and stable; its `fault`
 * is exactly one WSS 1.0 fault QName, fixed by FAULT_OF_CODE (spec/wss-profile.md, SKSML-WSS-24),
 * so the same failure always produces the same fault.
 */
import { SksmlError } from '../errors/sksml-error.ts';
import type { PrefixedQName } from '../soap/qname.ts';
import { WSS_FAULT_REASONS, WSS_FAULTS, type WssFaultName } from '../soap/wss-faults.ts';

export type { WssFaultName } from '../soap/wss-faults.ts';

/** Every detailed code and the one fault it maps to (the table of spec/wss-profile.md §Faults). */
// SKSML-WSS-24: one code, one fault; reasons come only from WSS_FAULT_REASONS.
export const FAULT_OF_CODE = {
  WSS_XML_REJECTED: 'InvalidSecurity',
  WSS_NOT_AN_ENVELOPE: 'InvalidSecurity',
  WSS_MISSING_SECURITY: 'InvalidSecurity',
  WSS_MULTIPLE_SECURITY: 'InvalidSecurity',
  WSS_MUST_UNDERSTAND: 'InvalidSecurity',
  WSS_SECURITY_ROLE: 'InvalidSecurity',
  WSS_UNEXPECTED_HEADER_CONTENT: 'InvalidSecurity',
  WSS_MISSING_TIMESTAMP: 'InvalidSecurity',
  WSS_MULTIPLE_TIMESTAMPS: 'InvalidSecurity',
  WSS_MALFORMED_TIMESTAMP: 'InvalidSecurity',
  WSS_TIMESTAMP_ORDER: 'InvalidSecurity',
  WSS_LIFETIME_TOO_LONG: 'InvalidSecurity',
  WSS_EXPIRED: 'MessageExpired',
  WSS_CREATED_IN_FUTURE: 'MessageExpired',
  WSS_REPLAY: 'InvalidSecurity',
  WSS_REPLAY_CACHE_FULL: 'InvalidSecurity',
  WSS_MISSING_SIGNATURE: 'InvalidSecurity',
  WSS_MULTIPLE_SIGNATURES: 'InvalidSecurity',
  WSS_MULTIPLE_SIGNED_INFO: 'InvalidSecurity',
  WSS_MALFORMED_SIGNATURE: 'InvalidSecurity',
  WSS_NON_TEXT_VALUE: 'InvalidSecurity',
  WSS_MALFORMED_BASE64: 'InvalidSecurity',
  WSS_UNSUPPORTED_ALGORITHM: 'UnsupportedAlgorithm',
  WSS_UNSUPPORTED_TRANSFORM: 'UnsupportedAlgorithm',
  WSS_BAD_REFERENCE_URI: 'InvalidSecurity',
  WSS_REFERENCE_NOT_FOUND: 'InvalidSecurity',
  WSS_DUPLICATE_ID: 'InvalidSecurity',
  WSS_DUPLICATE_REFERENCE: 'InvalidSecurity',
  WSS_UNEXPECTED_REFERENCE: 'InvalidSecurity',
  WSS_WRAPPED_BODY: 'InvalidSecurity',
  WSS_WRAPPED_TIMESTAMP: 'InvalidSecurity',
  WSS_BODY_NOT_SIGNED: 'InvalidSecurity',
  WSS_TIMESTAMP_NOT_SIGNED: 'InvalidSecurity',
  WSS_FORBIDDEN_KEY_INFO: 'UnsupportedSecurityToken',
  WSS_UNSUPPORTED_TOKEN_REFERENCE: 'UnsupportedSecurityToken',
  WSS_UNSUPPORTED_TOKEN: 'UnsupportedSecurityToken',
  WSS_TOKEN_UNAVAILABLE: 'SecurityTokenUnavailable',
  WSS_MALFORMED_TOKEN: 'InvalidSecurityToken',
  WSS_CERTIFICATE_KEY_TYPE: 'InvalidSecurityToken',
  WSS_WEAK_KEY: 'InvalidSecurityToken',
  WSS_UNTRUSTED_CERTIFICATE: 'FailedAuthentication',
  WSS_CERTIFICATE_EXPIRED: 'FailedAuthentication',
  WSS_CERTIFICATE_NOT_YET_VALID: 'FailedAuthentication',
  WSS_CERTIFICATE_KEY_USAGE: 'FailedAuthentication',
  WSS_UNEXPECTED_CERTIFICATE: 'FailedAuthentication',
  WSS_BAD_SIGNATURE: 'FailedCheck',
  WSS_DIGEST_MISMATCH: 'FailedCheck',
} as const satisfies Record<string, WssFaultName>;

export type WssErrorCode = keyof typeof FAULT_OF_CODE;

/** A message was refused by the WS-Security layer. `fault` is what the peer is told. */
export class WssError extends SksmlError {
  declare readonly code: WssErrorCode;
  /** The WSS 1.0 fault QName (one of the constants of protocol/soap/wss-faults.ts). */
  readonly fault: PrefixedQName;
  readonly faultName: WssFaultName;

  constructor(code: WssErrorCode, message: string, options?: { requirement?: string; cause?: unknown }) {
    super(code, message, options);
    this.faultName = FAULT_OF_CODE[code];
    this.fault = WSS_FAULTS[this.faultName];
  }

  /** The fixed, peer-safe reason text of this error's fault. */
  get faultReason(): string {
    return WSS_FAULT_REASONS[this.faultName];
  }
}

/** Signing was asked for something the profile cannot produce (bad input, unusable key). */
export class WssSigningError extends SksmlError {}
