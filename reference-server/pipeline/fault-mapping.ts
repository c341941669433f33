/**
 * The pipeline's one way of answering a failure: the error registry's toFault (spec/error-registry.md
 * §3; reference-server/errors/). Every stage throws typed errors (binding, intake, envelope,
 * WssError, ServerError, ModelError); this turns exactly one of them into exactly one fault.
 */
import type { SoapVersion } from '../../protocol/soap/namespaces.ts';
import { toFault, type FaultResponse } from '../errors/fault-mapping.ts';

export function buildPipelineFault(error: unknown, version: SoapVersion | null): FaultResponse {
  return toFault(error, version);
}

/** The stable code logged and audited for `error` (never its message). */
export function errorCodeOf(error: unknown): string {
  return toFault(error, null).logCode;
}
