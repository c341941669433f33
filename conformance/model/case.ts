/**
 * A conformance case is data: the requests to send (built from named builders, mutations and
 * attack fixtures) and the outcome to expect. The engine (engine/run-case.ts) interprets it; the
 * meaning of every field is fixed by conformance/RUNNER-CONTRACT.md.
 */
import type { SoapFaultCode } from '../../protocol/soap/soap-error.ts';

/** What a target (through its profile) must offer for a case to run; otherwise the case is skipped. */
export const CAPABILITIES = [
  'async',
  'deactivatedClient',
  'secondClient',
  'soap11',
  'rsa15',
  'issuingCa',
  'keyClasses',
  'twoKeyClasses',
  'inactiveKeyClass',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * A credential of the profile: its clients, the deactivated client, nobody, or (only as
 * encryptionCertificate) a second certificate of client1's subject issued for the run.
 */
export type ClientRef = 'client1' | 'client2' | 'deactivated' | 'none' | 'client1-encryption';

/** Named request builders (engine/build-payload.ts). */
export type BuilderName =
  'newKeyRequest' | 'existingKeyRequest' | 'pollRequest' | 'kcpRequest' | 'symkeyResponse' | 'attack';

/**
 * The key classes of a new-key request: none (default class), the profile's classes, the first
 * one or the first two, or literal names (`@async` and `@inactive` stand for the profile's
 * asynchronous and inactive classes).
 */
export type KeyClassSpec = 'default' | 'profile' | 'profile-first' | 'profile-first-two' | readonly string[];

/** A GlobalKeyID to ask for: those returned by an earlier step, a certainly unknown one, or literal text. */
export type GlobalKeyIdSpec =
  { readonly fromStep: string } | { readonly unknown: true } | { readonly literal: string };

export type RejectPhase = 'transport' | 'binding' | 'security' | 'validation' | 'application';

export interface ExpectedFault {
  /** SOAP 1.2 fault code (SOAP 1.1 codes are compared in SOAP 1.2 terms: Client = Sender). */
  readonly code: SoapFaultCode;
  /**
   * First subcode as `prefix:LocalName`: `wsse` (WSS 1.0 faults) or `sksml` (urn:sksml:fault:1.0,
   * spec/error-registry.md). Not compared when absent.
   */
  readonly subcode?: string;
}

export interface AcceptExpectation {
  readonly outcome: 'accept';
  /** Named checks (checks/registry.ts) run on the response. */
  readonly checks: readonly string[];
}

export interface RejectExpectation {
  readonly outcome: 'reject';
  /** The phase (or any of the phases) in which the target must refuse the request. */
  readonly phase: RejectPhase | readonly RejectPhase[];
  readonly fault?: ExpectedFault;
  /** Expected HTTP status; when absent and `fault` is given it follows from SKSML-BIND-21. */
  readonly httpStatus?: number;
  /** For the application phase: the SymkeyError's ErrorCode, when the contract fixes one. */
  readonly symkeyError?: { readonly errorCode?: string };
  /** Named checks that also run on the refusal (e.g. response-signed-by-server for SymkeyErrors). */
  readonly checks?: readonly string[];
}

export type Expectation = AcceptExpectation | RejectExpectation;

export interface RequestStep {
  /** Name other steps use to refer to this one (default `step<N>`, 1-based). */
  readonly id?: string;
  readonly build: BuilderName;
  readonly keyClasses?: KeyClassSpec;
  readonly globalKeyIds?: readonly GlobalKeyIdSpec[];
  /** Ask in another DomainID than the profile's (new-key requests). */
  readonly otherDomain?: boolean;
  /** Poll the SymkeyRequestIDs of the work-in-progress entries of that step (absent: an ID never issued). */
  readonly symkeyRequestIdsFrom?: string;
  /** Include this client's certificate as X509EncryptionCertificate. */
  readonly encryptionCertificate?: ClientRef;
  /** Name of a protocol/testkit attack fixture (build: 'attack'). */
  readonly attack?: string;
  /** Signer (default client1). */
  readonly sign?: ClientRef;
  /** SOAP version (default: the profile's). */
  readonly soap?: '1.1' | '1.2';
  /** Named mutations (engine/mutations.ts), applied in order at their stage. */
  readonly mutate?: readonly string[];
  /** Send the exact bytes and headers of an earlier step again. */
  readonly replayOf?: string;
  /** Expectation of this step; the last step uses the case's `expect` unless it has its own. */
  readonly expect?: Expectation;
}

export interface ConformanceCase {
  /** Stable kebab-case identifier; the case IRI is urn:sksml:conformance:case:<id>. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Requirement IDs (spec/requirements*.json) a failure of this case breaks. */
  readonly requirements: readonly string[];
  readonly profile?: { readonly requires?: readonly Capability[] };
  readonly requests: readonly RequestStep[];
  readonly expect: Expectation;
  /**
   * Steps whose refusals must be indistinguishable (same HTTP status, fault code, subcodes and
   * reason text; or the same SymkeyError codes and messages): no oracle.
   */
  readonly uniform?: readonly string[];
}
