/** KeyCachePolicyRequest/Response and KeyCachePolicy (KCP). */
import type { Status } from './enumerations.ts';
import type { KeyCachePolicyID } from './identifiers.ts';

/** The request has no content and no attributes (SKSML-MSG-31). */
export type KeyCachePolicyRequest = Readonly<Record<never, never>>;

/** xsd:dateTime lexical form, `YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm]`. */
export type XsdDateTime = string;

export interface KeyCacheDetail {
  /** 0..2^64-1. */
  readonly maximumKeys: bigint;
  /** Seconds, 0..2^64-1. */
  readonly maximumDuration: bigint;
}

export interface KeyCachePolicy {
  readonly keyCachePolicyId: KeyCachePolicyID;
  /** At most 255 characters. */
  readonly policyName: string;
  /** At most 2048 characters; null = `xsi:nil="true"`. */
  readonly description: string | null;
  /** At most 255 characters. */
  readonly keyClass: string;
  readonly startDate: XsdDateTime;
  /** null = `xsi:nil="true"`. */
  readonly endDate: XsdDateTime | null;
  /** Seconds, 0..2592000 (SKSML-MSG-34). */
  readonly policyCheckInterval: number;
  readonly status: Status;
  /** Absent: new keys must not be cached. */
  readonly newKeysCacheDetail?: KeyCacheDetail;
  /** Absent: used keys must not be cached. */
  readonly usedKeysCacheDetail?: KeyCacheDetail;
}

/** At least one policy (SKSML-MSG-32). */
export interface KeyCachePolicyResponse {
  readonly keyCachePolicies: readonly KeyCachePolicy[];
}
