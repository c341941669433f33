/** Typed errors of the SOAP layer. Every SoapError names the SOAP fault it becomes. */
import { SksmlError } from '../errors/sksml-error.ts';
import type { PrefixedQName, QName } from './qname.ts';

/** The SOAP 1.2 fault codes (Part 1 §5.4.6); SOAP 1.1 maps them onto its own (see build-fault.ts). */
export type SoapFaultCode =
  'Sender' | 'Receiver' | 'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown';

export const SOAP_FAULT_CODES: readonly SoapFaultCode[] = [
  'Sender',
  'Receiver',
  'VersionMismatch',
  'MustUnderstand',
  'DataEncodingUnknown',
];

export interface SoapErrorOptions {
  /** A subcode (SOAP 1.2 env:Subcode; SOAP 1.1 faultcode), e.g. a WSS fault QName. */
  readonly subcode?: PrefixedQName;
  /** For MustUnderstand faults: the header blocks that were not understood. */
  readonly notUnderstood?: readonly QName[];
  readonly requirement?: string;
  readonly cause?: unknown;
}

/**
 * An error that is answered with a SOAP fault. `code` is a stable project code (documented in
 * spec/binding.md); the message is for logs only: the fault's reason text comes from the fixed table
 * in fault-reasons.ts, never from this message.
 */
export class SoapError extends SksmlError {
  readonly faultCode: SoapFaultCode;
  readonly subcode: PrefixedQName | undefined;
  readonly notUnderstood: readonly QName[];

  constructor(code: string, faultCode: SoapFaultCode, message: string, options: SoapErrorOptions = {}) {
    super(code, message, { requirement: options.requirement, cause: options.cause });
    this.faultCode = faultCode;
    this.subcode = options.subcode;
    this.notUnderstood = options.notUnderstood ?? [];
  }
}
