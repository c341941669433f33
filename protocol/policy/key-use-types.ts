/** Inputs and output of KeyUsePolicy evaluation (evaluate-key-use.ts). */
import type { PermittedLevel } from '../model/enumerations.ts';
import type { PermissionName } from '../model/key-use-policy.ts';

export type KeyOperation = 'encrypt' | 'decrypt';

/** What the running application says about itself (SKSML-CLT-107). */
export interface ApplicationContext {
  /** Its ApplicationID as `DomainID-LocalID`. */
  readonly id?: string;
  readonly name?: string;
  readonly version?: string;
  /** Digest of the running application's code, computed by the caller. */
  readonly digest?: { readonly algorithm: string; readonly value: Uint8Array };
}

/** Where the client is (SKSML-CLT-109). Coordinates in decimal degrees, WGS 84. */
export interface LocationContext {
  readonly name?: string;
  readonly latitude?: number;
  readonly longitude?: number;
}

export interface KeyUseRequest {
  readonly operation: KeyOperation;
  /** Now, from the client's injectable clock. */
  readonly at: Date;
  /** IANA zone in which dates, days and times are read; UTC when omitted (SKSML-CLT-101). */
  readonly timeZone?: string;
  /**
   * The XML Encryption URI the caller is about to use the key with. When given it must equal the
   * policy's KeyAlgorithm (SKSML-CLT-58); the reference client always passes it.
   */
  readonly algorithm?: string;
  readonly application?: ApplicationContext;
  readonly level?: PermittedLevel;
  readonly location?: LocationContext;
  readonly use?: string;
}

/** Per-key state the client persists by GlobalKeyID (SKSML-CLT-104, SKSML-CLT-105). */
export interface KeyUseState {
  /** When the key was first used (any permitted operation); absent before the first use. */
  readonly firstUseAt?: Date;
  /** Encryptions performed with the key so far. */
  readonly encryptionsPerformed: bigint;
}

export type KeyUseRule = PermissionName | 'Status' | 'KeyAlgorithm';

/** Stable reason codes of a refusal. */
export type KeyUseViolationCode =
  | 'NOT_PERMITTED'
  | 'CONTEXT_MISSING'
  | 'CONTEXT_INVALID'
  | 'POLICY_VALUE_MALFORMED'
  | 'LIMIT_REACHED'
  | 'CLOCK_BEFORE_FIRST_USE'
  | 'STATUS_INACTIVE'
  | 'STATUS_OTHER'
  | 'ALGORITHM_MISMATCH'
  | 'ALGORITHM_SIZE_MISMATCH';

export interface KeyUseViolation {
  readonly rule: KeyUseRule;
  readonly code: KeyUseViolationCode;
  /** Requirement ID (spec/requirements.json or spec/requirements-policy.json). */
  readonly requirement: string;
  /** Short English reason; never contains key material. */
  readonly reason: string;
}

export interface KeyUseDecision {
  readonly allowed: boolean;
  /** Every rule that refused, in PERMISSION_NAMES order after Status and KeyAlgorithm. */
  readonly violations: readonly KeyUseViolation[];
  /** The requirement IDs the evaluation applied (always includes SKSML-CLT-57). */
  readonly requirements: readonly string[];
  /** The state to persist once the operation has been performed; only when allowed. */
  readonly nextState?: KeyUseState;
}

export interface KeyUseOptions {
  /** Test switch: treat Status `Other` as `Active` (SKSML-CLT-112). Never set in production. */
  readonly allowStatusOther?: boolean;
  /** Distance within which a position matches listed coordinates; default 100 m (SKSML-CLT-109). */
  readonly locationToleranceMetres?: number;
}
