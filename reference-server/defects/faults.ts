/**
 * TEST-ONLY hook of the respond stage: the fault with the fault defects applied, before it is signed.
 *
 * - `stackTraceInFault`: the failure's stack trace is appended to the reason text;
 * - `signatureOracle`: a digest mismatch gets its own reason text, so a peer can tell a good
 *   signature over changed content from a bad signature.
 */
import { WssError } from '../../protocol/wss/wss-error.ts';
import { escapeText } from '../../protocol/xml/escape.ts';
import type { FaultResponse } from '../errors/fault-mapping.ts';
import { hasDefect, type DefectCarrier } from './defect-switches.ts';

function withReason(fault: FaultResponse, reason: string): FaultResponse {
  const body = fault.body.replace(`>${escapeText(fault.reason)}<`, `>${escapeText(reason)}<`);
  return { ...fault, body, reason };
}

export function faultWithDefects(
  carrier: DefectCarrier,
  error: unknown,
  fault: FaultResponse,
): FaultResponse {
  if (carrier.defects === undefined) return fault;
  let out = fault;
  if (
    hasDefect(carrier, 'signatureOracle') &&
    error instanceof WssError &&
    error.code === 'WSS_DIGEST_MISMATCH'
  )
    out = withReason(out, `${out.reason} (the signature is good but the digest of the Body differs)`);
  if (hasDefect(carrier, 'stackTraceInFault')) {
    const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
    out = withReason(out, `${out.reason}\n${trace}`);
  }
  return out;
}
