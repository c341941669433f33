/**
 * The project's own SOAP fault subcodes, for failures that are not WS-Security failures
 * (spec/error-registry.md, section "Faults"). SOAP 1.2 writes them as env:Subcode; SOAP 1.1 as
 * the faultcode (as the binding does for WSS fault QNames). They live in protocol/ so that the
 * server, the client and the conformance harness share one definition.
 */
import type { PrefixedQName } from './qname.ts';

/** Namespace of the project's fault subcodes (project-defined, like the action URIs). */
export const SKSML_FAULT_NS = 'urn:sksml:fault:1.0';
export const SKSML_FAULT_PREFIX = 'sksml';

export type SksmlFaultName = 'InvalidRequest' | 'TooManyItems' | 'ServerBusy' | 'Timeout';

function subcode(localName: SksmlFaultName): PrefixedQName {
  return Object.freeze({ namespace: SKSML_FAULT_NS, localName, prefix: SKSML_FAULT_PREFIX });
}

export const SKSML_FAULTS: Readonly<Record<SksmlFaultName, PrefixedQName>> = Object.freeze({
  InvalidRequest: subcode('InvalidRequest'),
  TooManyItems: subcode('TooManyItems'),
  ServerBusy: subcode('ServerBusy'),
  Timeout: subcode('Timeout'),
});
